from django.contrib.auth import views as auth_views
from django.urls import path

from portcontrol.accounts import views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
]

# Login and logout keep Django's standard names so LOGIN_URL="login" works everywhere.
auth_urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
