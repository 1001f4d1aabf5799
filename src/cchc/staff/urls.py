from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.card, name="card"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("trainings/", views.trainings, name="trainings"),
    path("trainings/<int:pk>/", views.course, name="course"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/<int:staff_pk>/", views.attendance, name="attendance"),
    path("questions/", views.questions, name="questions"),
    path("questions/import/<int:pk>/", views.question_import, name="question_import"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/start/", views.attempt_start, name="start"),
    path("tests/<int:pk>/", views.attempt, name="attempt"),
    path("tests/<int:pk>/answer/", views.attempt_answer, name="answer"),
    path("tests/<int:pk>/submit/", views.attempt_submit, name="submit"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="decide"),
]
