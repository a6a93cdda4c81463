"""A loopback TCP proxy in front of a server (database, broker), for tests that stage an outage."""

import contextlib
import socket
import threading


class TcpProxy:
    """Forwards a loopback port to ``target``; `cut` drops every connection and the port, and
    `freeze` keeps them open but carries nothing (a server that stopped answering).

    The port is picked by the OS on the first `open` and kept, so a URL through the proxy
    stays valid across `cut` and `open`.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._frozen = threading.Event()

    def open(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def freeze(self) -> None:
        self._frozen.set()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
        assert listener is not None, "the proxy is not open"
        # Closing alone would not wake the thread blocked in accept(), which would go on
        # accepting; shutting the listener down does.
        for sock in (listener, *sockets):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._frozen.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was cut
            if self._frozen.is_set():
                with self._lock:
                    if self._listener is not listener:
                        client.close()
                        return
                    self._sockets.add(client)  # accepted, never answered
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()  # the server is down: the client sees a dropped connection
                continue
            with self._lock:
                if self._listener is not listener:
                    # Cut while this connection was being made: it must not outlive the cut.
                    client.close()
                    server.close()
                    return
                self._sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if not self._frozen.is_set():
                    sink.sendall(data)
        if self._frozen.is_set():
            return  # a server that stopped answering does not say goodbye either
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
