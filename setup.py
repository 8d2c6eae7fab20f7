"""Install core/ as the package `qodex`, plugins/ as `qodex.plugins` and themes/ as `qodex.themes`."""

from setuptools import find_packages, setup


def renamed(folder: str, package: str) -> list[str]:
    """Every package below `folder`, named as it is imported."""
    return [package] + [f"{package}.{sub}" for sub in find_packages(folder)]


setup(packages=renamed("core", "qodex") + renamed("plugins", "qodex.plugins") + ["qodex.themes"])
