"""In-process rate limiting: sliding windows per key (IP, user, login target)."""

from __future__ import annotations

import math
import secrets
import time
from collections import deque
from typing import Any


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key; ``hit`` returns a Retry-After."""

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def _bucket(self, key: str, now: float) -> deque[float]:
        bucket = self._hits.get(key)
        if bucket is None:
            if len(self._hits) >= self.max_keys:
                self._evict(now)
            bucket = self._hits[key] = deque()
        while bucket and bucket[0] <= now - self.window:
            bucket.popleft()
        return bucket

    def _evict(self, now: float) -> None:
        for k in [k for k, b in self._hits.items() if not b or b[-1] <= now - self.window]:
            del self._hits[k]
        if len(self._hits) >= self.max_keys:
            self._hits.clear()

    def hit(self, key: str, now: float | None = None) -> int | None:
        """Record a hit; None if allowed, else seconds until the next hit would be."""
        now = time.monotonic() if now is None else now
        if self.limit <= 0:
            return None
        bucket = self._bucket(key, now)
        retry = self._retry_after(bucket, now)
        if retry is None:
            bucket.append(now)
        return retry

    async def hit_async(self, key: str, now: float | None = None) -> int | None:
        return self.hit(key, now)

    def blocked(self, key: str, now: float | None = None) -> int | None:
        """Like ``hit`` but does not record anything."""
        now = time.monotonic() if now is None else now
        if self.limit <= 0:
            return None
        return self._retry_after(self._bucket(key, now), now)

    def _retry_after(self, bucket: deque[float], now: float) -> int | None:
        if len(bucket) >= self.limit:
            return max(1, math.ceil(bucket[0] + self.window - now))
        return None

    def reset(self, key: str) -> None:
        self._hits.pop(key, None)


class LoginThrottle:
    """Failed logins count per IP and per account; success clears the account's counter."""

    def __init__(self, per_minute: int) -> None:
        self.by_ip = RateLimiter(per_minute * 3, 60.0)
        self.by_account = RateLimiter(per_minute, 60.0)

    def check(self, *, ip: str, email: str) -> int | None:
        return self.by_ip.blocked(ip) or self.by_account.blocked(email.lower())

    def failed(self, *, ip: str, email: str) -> None:
        self.by_ip.hit(ip)
        self.by_account.hit(email.lower())

    def succeeded(self, *, email: str) -> None:
        self.by_account.reset(email.lower())

    async def check_async(self, *, ip: str, email: str) -> int | None:
        return self.check(ip=ip, email=email)

    async def failed_async(self, *, ip: str, email: str) -> None:
        self.failed(ip=ip, email=email)

    async def succeeded_async(self, *, email: str) -> None:
        self.succeeded(email=email)


# Sliding log in one sorted set per key, trimmed and checked atomically on the Redis server with
# the server's clock, so API processes on machines with skewed clocks share one budget. A refused
# hit is not recorded (same rule as ``RateLimiter``); the reply is the Retry-After in ms, or nil.
_SLIDING_HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return nil
"""


class RedisRateLimiter:
    """Sliding windows in Redis, shared by every API process (scaled-out shape).

    Falls back to allowing the request when Redis is unreachable: an outage of the rate-limit
    store must not take the API down.
    """

    def __init__(self, client: Any, limit: int, window: float = 60.0, prefix: str = "ww:rl") -> None:
        self.client = client
        self.limit = limit
        self.window_ms = int(window * 1000)
        self.prefix = prefix
        self._script = client.register_script(_SLIDING_HIT)

    async def hit_async(self, key: str) -> int | None:
        """Record a hit; None if allowed, else seconds until the next hit would be."""
        if self.limit <= 0:
            return None
        try:
            retry_ms = await self._script(
                keys=[f"{self.prefix}:{key}"],
                args=[self.window_ms, self.limit, secrets.token_hex(6)],
            )
        except Exception:
            return None
        if retry_ms is None:
            return None
        return max(1, math.ceil(int(retry_ms) / 1000))


class RedisLoginThrottle:
    """``LoginThrottle`` with its counters in Redis (failed logins seen by every API process)."""

    def __init__(self, client: Any, per_minute: int, prefix: str = "ww:login") -> None:
        self.client = client
        self.limits = {"ip": per_minute * 3, "account": per_minute}
        self.prefix = prefix

    def _key(self, kind: str, value: str) -> str:
        return f"{self.prefix}:{kind}:{value.lower()}"

    async def check_async(self, *, ip: str, email: str) -> int | None:
        if self.limits["account"] <= 0:
            return None
        try:
            for kind, value in (("ip", ip), ("account", email)):
                key = self._key(kind, value)
                count = int(await self.client.get(key) or 0)
                if count >= self.limits[kind]:
                    return max(1, int(await self.client.ttl(key)))
        except Exception:
            return None
        return None

    async def failed_async(self, *, ip: str, email: str) -> None:
        try:
            pipe = self.client.pipeline()
            for kind, value in (("ip", ip), ("account", email)):
                key = self._key(kind, value)
                pipe.incr(key)
                pipe.expire(key, 60, nx=True)
            await pipe.execute()
        except Exception:
            return

    async def succeeded_async(self, *, email: str) -> None:
        try:
            await self.client.delete(self._key("account", email))
        except Exception:
            return
