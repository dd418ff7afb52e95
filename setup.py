# scrapyd-deploy builds the egg with `python setup.py bdist_egg`; the configuration lives in pyproject.toml.
from setuptools import setup

setup()
