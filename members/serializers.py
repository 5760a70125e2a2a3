"""API representations of members: only what the person may see of themselves."""

from rest_framework import serializers

from .models import User


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "language",
        ]
        # Privileges never change through the API.
        read_only_fields = ["id", "username", "email", "role"]
