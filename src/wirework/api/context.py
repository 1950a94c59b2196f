"""Everything the routers share, built once per app and kept on ``app.state.ctx``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wirework.security import (
    CredentialCipher,
    CredentialTypeRegistry,
    InstanceKeys,
    LoginThrottle,
    PasswordHasher,
    RateLimiter,
    TokenService,
)
from wirework.settings import Settings
from wirework.store import Database


@dataclass
class AppContext:
    settings: Settings
    db: Database
    keys: InstanceKeys
    cipher: CredentialCipher
    tokens: TokenService
    passwords: PasswordHasher
    login_throttle: Any  # LoginThrottle | RedisLoginThrottle
    user_limiter: Any  # RateLimiter | RedisRateLimiter
    credential_types: CredentialTypeRegistry
    ip_limiter: Any = None  # shared through Redis when WIREWORK_REDIS_URL is set
    redis: Any = None
    runtime: Any = None  # wirework.runtime.Runtime once started
    executions: Any = None  # the ExecutionService the API uses (runtime's or the fallback)

    @classmethod
    def build(cls, settings: Settings, db: Database) -> AppContext:
        from wirework.api.credential_types import default_credential_types

        keys = InstanceKeys.from_settings(settings)
        redis: Any = None
        ip_limiter: Any = None
        user_limiter: Any = RateLimiter(settings.rate_limit_per_user_minute, 60.0)
        login: Any = LoginThrottle(settings.login_rate_limit_per_minute)
        if settings.redis_url:
            from redis.asyncio import Redis

            from wirework.security.throttle import RedisLoginThrottle, RedisRateLimiter

            redis = Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
            ip_limiter = RedisRateLimiter(redis, settings.rate_limit_per_minute)
            user_limiter = RedisRateLimiter(redis, settings.rate_limit_per_user_minute)
            login = RedisLoginThrottle(redis, settings.login_rate_limit_per_minute)
        return cls(
            settings=settings,
            db=db,
            keys=keys,
            cipher=CredentialCipher(keys),
            tokens=TokenService(
                jwt_secret=keys.jwt_secret, hmac_key=keys.hmac_key,
                access_ttl=settings.access_token_ttl, refresh_ttl=settings.refresh_token_ttl,
            ),
            passwords=PasswordHasher(
                time_cost=settings.password_time_cost, memory_kib=settings.password_memory_kib
            ),
            login_throttle=login,
            user_limiter=user_limiter,
            ip_limiter=ip_limiter,
            redis=redis,
            credential_types=default_credential_types(),
        )
