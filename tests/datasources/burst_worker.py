"""One worker process of the burst test: COUNT fetches of the quotient familial with one token,
through the same path as the service (``call_with_limits``) and the Redis limiter.

Usage: python burst_worker.py REDIS_URL LIMIT_KEY SANDBOX_URL HOST:PORT COUNT WORKER(0|1)
"""

from __future__ import annotations

import sys

from app.core.http import build_client
from app.datasources.base import FetchContext
from app.datasources.memo import TTLMemo
from app.datasources.ratelimit import RedisRateLimiter
from app.datasources.runtime import RetryPolicy
from app.datasources.service import call_with_limits
from plugins.api_particulier.quotient_familial import QuotientFamilial
from plugins.sandboxes.api_particulier import DEMO_TOKEN

#: One identity per worker: identical requests in flight at once would get a (faithful) 409.
IDENTITIES = [
    {
        "nom_naissance": "LEFEBVRE",
        "prenoms": ["ALEXIS"],
        "date_naissance": "1982-12-27",
        "sexe": "F",
        "code_cog_pays_naissance": "99100",
        "code_cog_commune_naissance": "08480",
    },
    {
        "nom_naissance": "MARTIN",
        "prenoms": ["PIERRE"],
        "date_naissance": "1987-06-12",
        "sexe": "M",
        "code_cog_pays_naissance": "99100",
        "code_cog_commune_naissance": "13055",
    },
]


def main(redis_url: str, key: str, base_url: str, hostport: str, count: int, worker: int) -> int:
    """Fetch ``count`` times; any error (a 429 included) makes the worker fail."""
    limiter = RedisRateLimiter.from_url(redis_url)
    policy = RetryPolicy()  # the service's defaults; a 429 would still show at the sandbox
    config = {"base_url": base_url, "token": DEMO_TOKEN, "recipient": "13002526500013"}
    with build_client(timeout=5, allowed_hosts=[hostport]) as client:
        ctx = FetchContext(config=config, http=client, correlation_id="burst", memo=TTLMemo())
        for _ in range(count):
            call_with_limits(QuotientFamilial(), ctx, IDENTITIES[worker], limiter, policy, key)
    limiter.close()
    sys.stdout.write(f"{count}\n")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main(args[0], args[1], args[2], args[3], int(args[4]), int(args[5])))
