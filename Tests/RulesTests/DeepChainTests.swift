import Diagnostics
import Foundation
import Testing

@testable import Rules

/// Long chains and cycles of rules, and very long operator chains: clear answers or clear
/// errors, never a stack overflow. Each runs on a thread with a small stack, as pages render on,
/// so that recursion along a chain would fail here first.
@Suite struct DeepChainTests {
    /// Runs `body` on a thread with a 512 KiB stack and waits for it.
    private func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
    }

    /// `r0: r1 + 1 day`, …, `r(n-1): 2026-01-01`, or with `r(n-1): r0 + 1 day` a cycle.
    private static func chain(_ count: Int, cycle: Bool = false) -> String {
        var text = "rules:\n"
        for index in 0..<count - 1 { text += "  r\(index): r\(index + 1) + 1 day\n" }
        text += cycle ? "  r\(count - 1): r0 + 1 day\n" : "  r\(count - 1): 2026-01-01\n"
        return text
    }

    private static func environment(_ library: RulesLibrary) -> Environment {
        let declaration = ScenarioDeclaration(
            id: "s", idRange: SourceRange(SourceLocation(file: "s.yml", line: 1, column: 1)), guides: ["g"], title: nil,
            titleLocation: nil, facts: [], file: "s.yml")
        return library.environment(
            for: ResolvedScenario(declaration: declaration, givenFacts: [:]), today: CivilDate(iso: "2026-01-15")!)
    }

    @Test func aChainOfFiveThousandRulesHasItsValues() {
        onSmallStack {
            let (library, diagnostics) = loadLibrary([("r.yml", Self.chain(5_000))])
            #expect(diagnostics.isEmpty)
            #expect(library.rules["r0"]?.type == .date)
            let environment = Self.environment(library)
            #expect(environment.value(of: "r0") == .date(CivilDate(iso: "2026-01-01")!.adding(days: 4_999)))
            #expect(environment.errors.isEmpty)
            // As a guide uses it: checked and evaluated from a stamp.
            var found: [Diagnostic] = []
            let (parsed, _) = parse("r0 + 1 day")
            #expect(library.typeCheck(parsed!, diagnostics: &found) == .date)
            #expect(library.unguardedConditionalFacts(in: parsed!).isEmpty)
            #expect(library.reachableNames(from: ["r0"]).count == 5_000)
        }
    }

    /// With a conditional fact at the end of the chain, the applicability check follows the
    /// whole chain (without recursing along it) and finds the fact.
    @Test func applicabilityThroughAChain() {
        onSmallStack {
            var text = "facts:\n  linked:\n    type: bool\n  day:\n    type: date\n    applies_when: linked\n"
            text += Self.chain(3_000).replacingOccurrences(of: "r2999: 2026-01-01", with: "r2999: day")
            let (library, diagnostics) = loadLibrary([("r.yml", text)])
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            let (unguarded, _) = parse("r0 < today")
            #expect(library.unguardedConditionalFacts(in: unguarded!) == ["day"])
            let (guarded, _) = parse("linked and r0 < today")
            #expect(library.unguardedConditionalFacts(in: guarded!).isEmpty)
        }
    }

    @Test func aCycleOfFiveThousandRulesIsOneError() {
        onSmallStack {
            let (library, diagnostics) = loadLibrary([("r.yml", Self.chain(5_000, cycle: true))])
            #expect(diagnostics.map(\.id) == ["rules.cycle"])
            #expect(diagnostics.first?.message.hasPrefix("rule 'r0' depends on itself: r0 → r1 → r2") == true)
            #expect(library.cyclicNames.count == 5_000)
            #expect(library.rules["r0"]?.type == nil)
            let environment = Self.environment(library)
            #expect(environment.value(of: "r0") == nil)
            #expect(environment.errors.count == 5_000)
        }
    }

    @Test func onlyTheRulesOnACycleAreCyclic() {
        let text = """
            facts:
              a:
                type: date
                default: b
              b:
                type: date
                default: a
            rules:
              x: y + 1 day
              y: x - 1 day
              uses_cycle: x + 1 day
              self_loop: self_loop + 1 day
              fine: 2026-01-01

            """
        let (library, diagnostics) = loadLibrary([("r.yml", text)])
        #expect(diagnostics.map(\.id) == ["rules.cycle", "rules.cycle", "rules.cycle"])
        #expect(library.cyclicNames == ["a", "b", "x", "y", "self_loop"])
        #expect(library.evaluationOrder.firstIndex(of: "fine") != nil)
        let environment = Self.environment(library)
        #expect(environment.value(of: "fine") == .date(CivilDate(iso: "2026-01-01")!))
        #expect(environment.value(of: "uses_cycle") == nil)
        #expect(environment.errors.first { $0.name == "a" }?.error.diagnostic.id == "rules.cycle")
    }

    /// Rules are checked dependencies first, but their errors come in the order of the file.
    @Test func errorsInTheOrderOfTheFile() {
        let text = """
            rules:
              first: second + 1
              second: nope_a + 1
              third: nope_b + 1

            """
        let (_, diagnostics) = loadLibrary([("r.yml", text)])
        #expect(diagnostics.map { $0.message.prefix(21) } == ["unknown name 'nope_a'", "unknown name 'nope_b'"])
    }

    @Test(arguments: [85_000, 100_000, 250_000])
    func aHugeOperatorChainIsAnErrorNotACrash(operands: Int) {
        onSmallStack {
            let text = "1" + String(repeating: " + 1", count: operands - 1)
            let (expression, diagnostics) = parse(text)
            #expect(expression == nil)
            #expect(diagnostics.map(\.id) == ["rules.syntax"])
            #expect(
                diagnostics.first?.message == "expression is too deeply nested (more than 100 operations in a chain); split it into rules")
            // Found at the 100th operation (the tree's 101st level), not after building the
            // whole chain.
            #expect(diagnostics.first?.range?.end.column == 4 * 100 + 2)
        }
    }

    @Test func everyOperatorChainStopsAtTheLimit() {
        for (operator_, operand) in [("or", "a"), ("and", "a"), ("-", "1 day")] {
            let text = operand + String(repeating: " \(operator_) \(operand)", count: 50_000)
            let (expression, diagnostics) = parse(text)
            #expect(expression == nil)
            #expect(diagnostics.map(\.id) == ["rules.syntax"], "\(operator_)")
        }
        let fits = "1" + String(repeating: " + 1", count: 99)
        #expect(parse(fits).0 != nil)
    }
}
