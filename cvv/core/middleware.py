from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Deny by default: every page needs login unless its view is declared public with
    `django.contrib.auth.decorators.login_not_required`. The JSON API under /api/ does its
    own authentication (tokens) and answers 401 rather than redirecting."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
