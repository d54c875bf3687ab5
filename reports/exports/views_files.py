"""Prepared files: the user's list (refreshed while one is being prepared) and the download."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from reports import prepared, selectors

REFRESH_SECONDS = 5


def file_list(request):
    files = list(selectors.prepared_files(request.user))
    preparing = any(f.status == f.Status.PREPARING for f in files)
    context = {
        "files": files,
        "refresh_seconds": REFRESH_SECONDS if preparing else None,
        "hours": settings.PREPARED_FILE_HOURS,
    }
    return render(request, "exports/files.html", context)


def file_download(request, pk):
    file = selectors.prepared_file(request.user, pk)
    response = HttpResponse(
        prepared.file_content(file), content_type=file.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response
