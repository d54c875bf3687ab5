from django.shortcuts import render

from accounts import access


def dashboard(request):
    coalitions = access.coalitions_for(request.user)
    return render(request, "coalitions/dashboard.html", {"coalitions": coalitions})
