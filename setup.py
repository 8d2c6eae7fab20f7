"""Install core/ as the package `qodex` and plugins/ as `qodex.plugins` (see pyproject.toml)."""

from setuptools import find_packages, setup


def renamed(folder: str, package: str) -> list[str]:
    """Every package below `folder`, named as it is imported."""
    return [package] + [f"{package}.{sub}" for sub in find_packages(folder)]


setup(packages=renamed("core", "qodex") + renamed("plugins", "qodex.plugins"))
