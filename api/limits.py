"""Request body cap, enforced before a handler sees the body: by `content-length`, and by
counting a streamed (chunked) body as it arrives. A multipart body (a file upload) has its
own, larger cap; the upload's own field says how large the file itself may be."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPART_OVERHEAD = 64 * 1024  # the operations, the map and the parts' headers


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, max_multipart_bytes: int | None = None
                 ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_multipart_bytes = max_multipart_bytes or max_bytes

    def _refusal(self, limit: int) -> JSONResponse:
        return JSONResponse(
            {"errors": [{"message": f"The request body is over {limit} bytes.",
                         "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]},
            status_code=413,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        limit = self.max_multipart_bytes if multipart else self.max_bytes
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._refusal(limit)(scope, receive, send)
            return
        seen = 0
        overflow = False

        async def counted() -> Message:
            nonlocal seen, overflow
            if overflow:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    overflow = True  # the handler sees a client that went away
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            if not overflow:
                await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not overflow:
                raise
        if overflow:
            await self._refusal(limit)(scope, receive, send)
