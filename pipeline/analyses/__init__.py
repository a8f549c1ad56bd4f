"""Analyses that a codebook switches on beyond frequency tables: coded themes, correspondence tests."""
