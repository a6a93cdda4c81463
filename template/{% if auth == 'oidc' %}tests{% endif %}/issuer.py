"""A local OpenID Connect issuer for the tests: signing keys made in this run, published as a
JWKS by a loopback HTTP server, and tokens minted with any claims the tests need."""

import functools
import json
import socket
import struct
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

ISSUER = "https://issuer.example.test/"
AUDIENCE = "tests-api"
KEY_SET_PATH = "/.well-known/jwks.json"

SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


class Issuer:
    """Publishes the public half of its keys; `available = False` makes the JWKS answer 503,
    `answer` replaces the key set with any body, and `resets` drops each connection unanswered."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[str, SigningKey]] = {}
        self.available = True
        self.answer: bytes | None = None
        self.resets = False
        self.fetches = 0
        self.current_kid = self.add_key()
        issuer = self

        class KeySetHandler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.fetches += 1
                if issuer.resets:
                    # Closed at once with a TCP reset, as a crashing provider's proxy might.
                    linger = struct.pack("ii", 1, 0)
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    self.close_connection = True
                    self.connection.close()
                    return
                if self.path != KEY_SET_PATH or not issuer.available:
                    self.send_error(404 if issuer.available else 503)
                    return
                body = issuer.answer or json.dumps(issuer.key_set()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests' output is theirs."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), KeySetHandler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def jwks_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{KEY_SET_PATH}"

    def add_key(self, algorithm: str = "RS256") -> str:
        """A new published key (RSA unless ES256); its id."""
        kid = uuid.uuid4().hex
        if algorithm == "ES256":
            self._keys[kid] = (algorithm, ec.generate_private_key(ec.SECP256R1()))
        else:
            self._keys[kid] = (algorithm, rsa.generate_private_key(65537, 2048))
        return kid

    def remove_key(self, kid: str) -> None:
        """Stop publishing the key (the provider retired it)."""
        del self._keys[kid]

    def key_set(self) -> dict[str, Any]:
        keys = []
        for kid, (algorithm, private_key) in self._keys.items():
            public = private_key.public_key()
            if isinstance(public, ec.EllipticCurvePublicKey):
                jwk = json.loads(ECAlgorithm.to_jwk(public))
            else:
                jwk = json.loads(RSAAlgorithm.to_jwk(public))
            keys.append({**jwk, "kid": kid, "alg": algorithm, "use": "sig"})
        return {"keys": keys}

    def private_key(self, kid: str) -> SigningKey:
        return self._keys[kid][1]

    def token(self, subject: str, email: str, *, kid: str | None = None, **claims: Any) -> str:
        """An access token for ``subject``; ``claims`` add to or replace the usual ones."""
        kid = kid or self.current_kid
        algorithm, private_key = self._keys[kid]
        now = int(time.time())
        payload = {
            "iss": ISSUER, "aud": AUDIENCE, "sub": subject, "email": email,
            "name": "Test User", "iat": now, "exp": now + 300, **claims,
        }  # fmt: skip
        return jwt.encode(payload, private_key, algorithm=algorithm, headers={"kid": kid})

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@functools.cache
def local_issuer() -> Issuer:
    """This test process's issuer (each xdist worker has its own)."""
    return Issuer()
