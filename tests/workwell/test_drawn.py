"""`workwell.kept.Drawn`: markup drawn from kept results, once while they are kept (the same
objects) for each key, and drawn again for a new result, a new key, or once it is forgotten."""

from workwell.kept import Drawn


class Result:  # a kept result: a new one is a new object
    pass


def counting():
    drawn = []

    def draw():
        drawn.append(1)
        return f"drawing {len(drawn)}"

    return drawn, draw


def test_a_result_and_key_are_drawn_once_while_the_result_is_kept():
    drawings, draw = counting()
    cache, result = Drawn(4), Result()
    assert cache(result, ("a",), draw) == "drawing 1"
    assert cache(result, ("a",), draw) == "drawing 1"
    assert cache(result, ("b",), draw) == "drawing 2"  # another key
    assert cache(Result(), ("a",), draw) == "drawing 3"  # a new result
    assert len(drawings) == 3


def test_a_drawing_of_each_of_several_results_is_drawn_again_when_any_is_new():
    drawings, draw = counting()
    cache, first, second = Drawn(4), Result(), Result()
    assert cache.of_each((first, second), ("a",), draw) == "drawing 1"
    assert cache.of_each((first, second), ("a",), draw) == "drawing 1"
    assert cache.of_each((first, Result()), ("a",), draw) == "drawing 2"
    assert cache.of_each((Result(), second), ("a",), draw) == "drawing 3"
    assert cache(first, ("a",), draw) == "drawing 4"  # one result is not the pair
    assert len(drawings) == 4


def test_only_the_last_drawings_are_kept():
    drawings, draw = counting()
    cache, result = Drawn(2), Result()
    for key in ("a", "b", "c"):
        cache(result, (key,), draw)
    cache(result, ("c",), draw)
    cache(result, ("b",), draw)
    assert len(drawings) == 3
    cache(result, ("a",), draw)  # the oldest was let go
    assert len(drawings) == 4
