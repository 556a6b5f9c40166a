from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import invitations, language, views
from accounts.forms import LoginForm, PasswordResetByTaskForm

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("language/", language.language_choose, name="language"),
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Our own template names: the admin renders the `registration/` ones.
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change.html"),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetByTaskForm,  # its email: accounts.emails.password_reset
            template_name="accounts/password_reset.html",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # Invited staff choose their password here (accounts.services.staff_invite).
    path(
        "staff/invitation/<uidb64>/<token>/",
        invitations.InvitationAcceptView.as_view(),
        name="staff_invitation_accept",
    ),
    path(
        "staff/invitation/done/",
        invitations.InvitationDoneView.as_view(),
        name="staff_invitation_done",
    ),
    path("profile/", views.profile, name="profile"),
    path("account/", views.overview, name="account"),
    path("account/purchases/", views.purchase_list, name="purchases"),
    path("account/purchases/<int:purchase_id>/", views.purchase_detail, name="purchase"),
    path("account/payments/", views.payment_list, name="payments"),
    path("account/payments/<int:instalment_id>/", views.payment_detail, name="payment"),
    path("account/refunds/", views.refund_list, name="refunds"),
    path("account/refunds/<int:refund_id>/", views.refund_detail, name="refund"),
    path("account/export/", views.data_export, name="data_export"),
]
