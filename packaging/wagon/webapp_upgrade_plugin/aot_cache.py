"""A per-user ahead-of-time cache of the agent's classes, so each operation's JVM starts faster.

In the wagon the jar has a fixed path, so a JDK 24+ (the bundled runtime is one) can map the
classes an earlier operation loaded, already parsed and linked, from an AOT cache file
(-XX:AOTCache) instead of reading them from the jar again. The first operation with a given jar
and java records what it loads (-XX:AOTMode=record); right after it, the launcher builds the cache
from that record (-XX:AOTMode=create, about half a second, once) and moves it into place.

Safe when several operations start at once: each records and builds under its own temporary
names, and the finished cache is moved into place atomically (a JVM that already mapped the old
file keeps it). When the cache folder cannot be written, operations run without a cache.
The folder: $WEBAPP_UPGRADE_AOT_CACHE (or 'off'), else $XDG_CACHE_HOME/webapp-upgrade, else
~/.cache/webapp-upgrade; inside it one folder per jar and java (their paths, sizes and times).
"""
import hashlib
import os
import shutil
import subprocess
import uuid

CACHE_VARIABLE = 'WEBAPP_UPGRADE_AOT_CACHE'
CACHE_FILE = 'agent.aot'
MIN_JAVA = 24
CREATE_TIMEOUT_SECONDS = 120


class NoCache(object):
    """The JVM runs as the command prefix says; `reason` tells why there is no cache."""

    def __init__(self, reason):
        self.reason = reason
        self.flags = []

    def describe(self):
        return 'no AOT cache (%s)' % self.reason

    def finish(self):
        pass


class UseCache(object):
    def __init__(self, path):
        self.path = path
        self.flags = ['-XX:AOTCache=' + path]

    def describe(self):
        return 'AOT cache ' + self.path

    def finish(self):
        pass


class RecordThenCreate(object):
    """This run records what it loads; finish() builds the cache from the record and moves it into place."""

    def __init__(self, java, jar, directory):
        self.java = java
        self.jar = jar
        self.cache = os.path.join(directory, CACHE_FILE)
        unique = '%d-%s' % (os.getpid(), uuid.uuid4().hex[:8])
        self.record = os.path.join(directory, 'record-%s.aotconf' % unique)
        self.building = os.path.join(directory, 'building-%s.aot' % unique)
        self.flags = ['-XX:AOTMode=record', '-XX:AOTConfiguration=' + self.record]

    def describe(self):
        return 'recording for the AOT cache ' + self.cache

    def finish(self):
        """Builds the cache; returns None when it is in place, else why not."""
        try:
            if not os.path.isfile(self.record):
                return 'the operation left no AOT record'
            with open(os.devnull, 'wb') as quiet:
                code = subprocess.call(self.java + ['-XX:AOTMode=create', '-XX:AOTConfiguration=' + self.record,
                                                    '-XX:AOTCache=' + self.building, '-jar', self.jar],
                                       stdout=quiet, stderr=quiet, timeout=CREATE_TIMEOUT_SECONDS)
            if code != 0 or not os.path.isfile(self.building):
                return 'building the AOT cache exited with code %d' % code
            os.replace(self.building, self.cache)
            return None
        except (OSError, subprocess.SubprocessError) as e:
            return 'building the AOT cache failed: %s' % e
        finally:
            for leftover in (self.record, self.building):
                try:
                    os.remove(leftover)
                except OSError:
                    pass


def for_run(java, jar, environ=None):
    """What this run of `java` (an argument list) with `jar` does about the AOT cache."""
    environ = os.environ if environ is None else environ
    setting = environ.get(CACHE_VARIABLE, '').strip()
    if setting == 'off':
        return NoCache('%s=off' % CACHE_VARIABLE)
    executable = shutil.which(java[0], path=environ.get('PATH')) if os.sep not in java[0] else java[0]
    if not executable:
        return NoCache('%s is not on the PATH' % java[0])
    executable = os.path.realpath(executable)
    major = java_major(executable)
    if major is None or major < MIN_JAVA:
        return NoCache('%s is not Java %d or newer' % (executable, MIN_JAVA))
    directory = os.path.join(cache_root(environ), key(executable, jar))
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError as e:
        return NoCache('cannot create %s: %s' % (directory, e.strerror or e))
    cache = os.path.join(directory, CACHE_FILE)
    if os.path.isfile(cache):
        return UseCache(cache)
    if not os.access(directory, os.W_OK | os.X_OK):
        return NoCache('%s is not writable' % directory)
    return RecordThenCreate(java, jar, directory)


def cache_root(environ):
    setting = environ.get(CACHE_VARIABLE, '').strip()
    if setting:
        return setting
    xdg = environ.get('XDG_CACHE_HOME', '').strip()
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, 'webapp-upgrade')
    return os.path.join(os.path.expanduser('~'), '.cache', 'webapp-upgrade')


def key(java, jar):
    """One folder per java and jar: a changed jar or runtime gets a new cache, never a stale one."""
    parts = []
    for path in (os.path.realpath(jar), java):
        st = os.stat(path)
        parts.append('%s:%d:%d' % (path, st.st_size, st.st_mtime_ns))
    return hashlib.sha256('\n'.join(parts).encode('utf-8')).hexdigest()[:20]


def java_major(executable):
    """The feature version in the runtime's `release` file (JAVA_VERSION="25.0.2"), or None."""
    release = os.path.join(os.path.dirname(os.path.dirname(executable)), 'release')
    try:
        with open(release) as f:
            for line in f:
                if line.startswith('JAVA_VERSION='):
                    return int(line.split('=', 1)[1].strip().strip('"').split('.')[0])
    except (OSError, ValueError):
        return None
    return None
