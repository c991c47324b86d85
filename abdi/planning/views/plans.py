"""Screens of needs, gaps, scenarios and plans."""

urlpatterns: list = []
