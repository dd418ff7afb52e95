"""Spiders: the generic ``audit`` spider and the shared base they build on."""
