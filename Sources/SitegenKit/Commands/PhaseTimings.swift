import Diagnostics
import Foundation
import Rules

/// Wall time per phase, printed to standard error when `SITEGEN_TIMINGS=1`, for profiling.
struct PhaseTimings {
    private let enabled = ProcessInfo.processInfo.environment["SITEGEN_TIMINGS"] == "1"
    private var last = ContinuousClock.now
    private var lines: [String] = []

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed = now - last
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        lines.append(String(format: "%9.1f ms  %@", milliseconds, phase))
        last = now
    }

    func report() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}
