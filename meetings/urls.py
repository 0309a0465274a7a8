from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.create_meeting, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_meeting, name="edit"),
    path("<int:pk>/edit/header/", views.save_header, name="save_header"),
    path("<int:pk>/edit/state/", views.editor_state, name="editor_state"),
    path("<int:pk>/edit/rows/", views.editor_rows, name="editor_rows"),
    path("<int:pk>/edit/panels/", views.editor_panels, name="editor_panels"),
    path("<int:pk>/edit/agenda/", views.fill_agenda, name="fill_agenda"),
    path("<int:pk>/edit/attendance/add/", views.add_attendee, name="add_attendee"),
    path("<int:pk>/edit/attendance/guest/", views.add_guest, name="add_guest"),
    path("<int:pk>/edit/<str:kind>/new/", views.create_row, name="row_create"),
    path("<int:pk>/edit/<str:kind>/<int:row_pk>/", views.save_row, name="row_save"),
    path("<int:pk>/edit/<str:kind>/<int:row_pk>/delete/", views.delete_row, name="row_delete"),
    path("<int:pk>/edit/<str:kind>/<int:row_pk>/move/", views.move_row, name="row_move"),
]
