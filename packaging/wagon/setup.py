"""webapp-upgrade-plugin: the Python side of the webapp-upgrade wagon.

The release build fills in the version and puts the agent jar and the workflow entry into the
package before `wagon create` runs on it (see packaging/build-wagon.sh). No dependencies are
declared: the package runs inside Cloudify's own Python, which has cloudify-common.
"""
from setuptools import setup

setup(
    name='webapp-upgrade-plugin',
    version='@VERSION@',
    description='Zero-downtime rolling upgrades of web applications behind HAProxy (Cloudify plugin).',
    license='Apache-2.0',
    packages=['webapp_upgrade_plugin'],
    package_data={'webapp_upgrade_plugin': ['webapp-upgrade-agent.jar']},
    python_requires='>=3.6',
    zip_safe=False,
)
