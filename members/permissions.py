"""Role checks shared by HTML views and API views."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .models import User

Role = User.Role


def has_role(user, *roles: str) -> bool:
    """True for a logged-in user with one of the roles; staff may act as anyone."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in roles or user.is_staff_member


def is_trainer(user) -> bool:
    return has_role(user, Role.TRAINER)


def is_partner(user) -> bool:
    return has_role(user, Role.PARTNER)


def role_required(*roles: str) -> Callable:
    """View decorator: log-in page for visitors, 403 for members without the role."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


trainer_required = role_required(Role.TRAINER)
partner_required = role_required(Role.PARTNER)


class HasRole(BasePermission):
    """DRF permission: subclasses name the roles allowed."""

    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        return has_role(request.user, *self.roles)


class IsTrainer(HasRole):
    roles = (Role.TRAINER,)


class IsPartner(HasRole):
    roles = (Role.PARTNER,)


class IsStaffMember(HasRole):
    roles = (Role.STAFF,)
