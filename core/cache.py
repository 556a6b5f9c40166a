"""Django's Redis cache, failing open while Redis is away.

The cache holds only short-lived counters (the API's rate limits). With Redis down
or hung, Django's RedisCache raises, which would turn every API request into a 500;
this one answers as if the cache were empty (a miss; writes dropped) after at most
REDIS_SOCKET_TIMEOUT, and logs the outage at most once a minute. Rate limits are
not enforced for as long as the outage lasts; nothing else depends on the cache.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
OUTAGE = (RedisError, OSError)
WARN_EVERY_SECONDS = 60.0


class ForgivingRedisCache(RedisCache):
    _warned_at = 0.0

    def _outage(self, error: BaseException) -> None:
        now = time.monotonic()
        if now - ForgivingRedisCache._warned_at >= WARN_EVERY_SECONDS:
            ForgivingRedisCache._warned_at = now
            logger.warning("cache unavailable (%s): answering as empty", error.__class__.__name__)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE as error:
            self._outage(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except OUTAGE as error:
            self._outage(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OUTAGE as error:
            self._outage(error)
            return False

    def set(self, key, value, timeout=None, version=None, **kwargs):
        try:
            super().set(key, value, timeout, version, **kwargs)
        except OUTAGE as error:
            self._outage(error)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OUTAGE as error:
            self._outage(error)
            return False

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except OUTAGE as error:
            self._outage(error)
            return list(data)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OUTAGE as error:
            self._outage(error)
            return False
