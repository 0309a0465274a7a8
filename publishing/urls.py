from django.urls import path

from publishing import views
from publishing.editions import Edition

app_name = "publishing"
urlpatterns = []
for edition in Edition:
    urlpatterns += [
        path(
            f"<int:pk>/{edition}/",
            views.print_view,
            {"edition": edition},
            name=f"{edition}_print",
        ),
        path(
            f"<int:pk>/{edition}.pdf",
            views.pdf_download,
            {"edition": edition},
            name=f"{edition}_pdf",
        ),
        path(
            f"<int:pk>/{edition}.docx",
            views.docx_download,
            {"edition": edition},
            name=f"{edition}_docx",
        ),
    ]
