"""Screens of penyetaraan jabatan (DOMAIN §7)."""

urlpatterns: list = []
