"""API of the members app: the logged-in member's own account."""

from rest_framework import generics

from .serializers import MeSerializer


class MeView(generics.RetrieveUpdateAPIView):
    """Read or rename one's own account; role and privileges are read-only."""

    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user
