from django.urls import path

from . import views, views_files

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("figures/", views.figures_page, name="figures"),
    path("<slug:dataset>.<slug:fmt>", views.download, name="download"),
    path("files/", views_files.file_list, name="files"),
    path("files/<int:pk>/", views_files.file_download, name="file"),
]
