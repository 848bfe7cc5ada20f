import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workwell.settings.base")
application = get_wsgi_application()
# What is loaded by now (Django, the apps, the URL configuration) lives as long as the process:
# out of the garbage collector's sight, so that its full collections scan only what requests
# make. At national scale the open quarter's dashboard made one every 7-10 requests, each
# scanning about 200,000 objects (README, "Bench results, eleventh round").
gc.freeze()
