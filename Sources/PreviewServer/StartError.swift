import Foundation
import NIOCore

extension PreviewServer {
    /// What went wrong when the server could not start listening on `host`:`port`, in a
    /// writer's words, with what to do: the socket library's own words name the system call
    /// that failed, not the cause (`bind(descriptor:ptr:bytes:): Address already in use`).
    public static func startProblem(_ error: any Error, host: String, port: Int) -> String {
        let place = "\(host):\(port)"
        guard let io = error as? IOError else { return "cannot serve on \(place): \(error)" }
        switch io.errnoCode {
        case EADDRINUSE:
            return "cannot serve on \(place): the port is in use, perhaps by another sitegen serve; stop it, or choose another port with --port (--port 0 takes any free one)"
        case EACCES where port < 1024:
            return "cannot serve on \(place): ports below 1024 need administrator rights; choose another with --port, such as --port 8080"
        case EADDRNOTAVAIL:
            return "cannot serve on \(place): \(host) is not an address of this machine; serve on 127.0.0.1 (the default), or on one of this machine's addresses with --host"
        default:
            return "cannot serve on \(place): \(String(cString: strerror(io.errnoCode)))"
        }
    }
}
