"""webapp-upgrade as a managed Cloudify plugin: a launcher around the agent jar it carries.

The Java agent does the work; this package only starts it, the way Cloudify's script plugin would,
so a manager hosts the jar once instead of every blueprint carrying it.
"""
import os

AGENT_JAR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'webapp-upgrade-agent.jar')
