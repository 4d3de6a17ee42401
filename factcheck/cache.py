"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's client wraps its pool in a new `redis.Redis` on every cache call, and building
one (its response callbacks, its options) cost more than the round trip itself: py-spy
on `make bench` put 12% of a cached public page in `Redis.__init__`. The client holds no
per-call state, so one per pool serves every call.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
