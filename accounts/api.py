"""API routes of accounts: who the token acts as."""

from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response

from .apikit import ApiView
from .services import user_country


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    token = serializers.CharField()
    token_access = serializers.CharField()
    token_expires_at = serializers.DateTimeField()


class Me(ApiView):
    """The user the token acts as (exactly their rights in the portal) and the token itself."""

    serializer_class = MeSerializer

    def get(self, request):
        user, token = request.user, request.auth
        country = user_country(user)
        data = {
            "username": user.username,
            "role": user.role,
            "country": str(country.code) if country else None,
            "token": token.name,
            "token_access": token.access,
            "token_expires_at": token.expires_at,
        }
        return Response(MeSerializer(data).data)


urlpatterns = [path("me/", Me.as_view(), name="me")]
