"""Django's Redis cache with one Redis client per connection pool, made once per process.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache operation, and
redis-py's constructor (its retry policy, its table of response callbacks) is about 530 Python
calls: two thirds of a `get_many`, the one cache round trip a list page with kept choice lists
makes. A client holds no state of its own between commands (the connections are the pool's,
which redis-py resets in a forked process), so one per pool serves every operation.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool index -> redis.Redis

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
