from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def home(request):
    """The role-aware home page: what this person needs to look at first."""
    return render(request, "reporting/home.html", selectors.home_for(user=request.user))
