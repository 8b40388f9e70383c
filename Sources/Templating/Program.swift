/// A library's templates, linked, as one flat list of instructions over shared tables.
///
/// The nodes a template is parsed into hold arrays (texts, names, children): a renderer that
/// walks them counts a reference for every node it visits, and every page visits hundreds. Here
/// an instruction is a few integers: a text is a range of ``bytes``, a name a range of ``keys``,
/// and the body of a section or a block the instructions that follow it, up to its ``Op/next``.
/// Walking a template then copies no reference at all. Made once per library and never changed,
/// so any number of threads may read it at once (hence `@unchecked`: its buffers are written only
/// while it is made, and freed only with it).
final class Program: @unchecked Sendable {
    /// A range of one of the tables.
    struct Span {
        var start: Int32
        var end: Int32

        static let empty = Span(start: 0, end: 0)
        var isEmpty: Bool { start == end }
    }

    /// One instruction.
    struct Op {
        enum Kind: UInt8 {
            /// Writes ``Op/text``.
            case text
            /// Writes the value of the name ``Op/keys`` (escaped when ``Op/flag`` is set).
            case variable
            /// Draws the instructions up to ``Op/next`` for the value of ``Op/keys`` (inverted
            /// when ``Op/flag`` is set).
            case section
            /// Draws template ``Op/target`` (none when negative), indented by ``Op/text``, with
            /// the block overrides ``Op/overrides`` of a parent tag in force.
            case partial
            /// Block ``Op/target`` (a ``TemplateKey`` id): an override in force, or the
            /// instructions up to ``Op/next``; indented by ``Op/text``, an override also by
            /// ``Op/intrinsic``.
            case block
        }

        var kind: Kind
        var flag = false
        var pathKind = Path.Kind.current
        /// Where to go on once this instruction is done: the body of a section or a block (and
        /// a parent tag's overrides) lie between the instruction and this index; for the others
        /// it is the next instruction.
        var next: Int32 = 0
        /// A text, or an indentation (a range of ``Program/bytes``).
        var text = Span.empty
        /// A name (a range of ``Program/keys``).
        var keys = Span.empty
        var target: Int32 = 0
        /// A block's intrinsic indentation (a range of ``Program/bytes``).
        var intrinsic = Span.empty
        /// A parent tag's block overrides (a range of ``Program/overrides``).
        var overrides = Span.empty
        /// The tag, for errors (an index in ``Program/positions``).
        var position: Int32 = 0
    }

    /// A block override given with a parent tag: its name, and its instructions.
    struct Override {
        var key: TemplateKey
        var body: Span
    }

    let ops: UnsafeMutableBufferPointer<Op>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let keys: UnsafeMutableBufferPointer<TemplateKey>
    let overrides: UnsafeMutableBufferPointer<Override>
    let positions: UnsafeMutableBufferPointer<Position>
    /// The instructions of each template of the library, in its order.
    let entries: UnsafeMutableBufferPointer<Span>

    /// Flattens linked templates (partials and parents already resolved to indices).
    init(templates: [[Node]]) {
        var builder = Builder()
        var entries: [Span] = []
        for nodes in templates {
            let start = Int32(builder.ops.count)
            builder.emit(nodes)
            entries.append(Span(start: start, end: Int32(builder.ops.count)))
        }
        ops = Self.copy(builder.ops)
        bytes = Self.copy(builder.bytes)
        keys = Self.copy(builder.keys)
        overrides = Self.copy(builder.overrides)
        positions = Self.copy(builder.positions)
        self.entries = Self.copy(entries)
    }

    deinit {
        ops.deallocate()
        bytes.deallocate()
        keys.deallocate()
        overrides.deallocate()
        positions.deallocate()
        entries.deallocate()
    }

    /// The bytes of `span`.
    @inline(__always)
    func bytes(_ span: Span) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.end)])
    }

    private static func copy<Element>(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(fromContentsOf: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[..<array.count])
    }

    private struct Builder {
        var ops: [Op] = []
        var bytes: [UInt8] = []
        var keys: [TemplateKey] = []
        var overrides: [Override] = []
        var positions: [Position] = []

        mutating func emit(_ nodes: [Node]) {
            for node in nodes { emit(node) }
        }

        private mutating func emit(_ node: Node) {
            switch node {
            case .text(let text):
                guard !text.isEmpty else { return }
                close(open(Op(kind: .text, text: span(of: text))))
            case .variable(let path, let escaped):
                close(open(Op(kind: .variable, flag: escaped, pathKind: path.kind, keys: span(of: path.keys))))
            case .section(let path, let body, let inverted):
                let at = open(Op(kind: .section, flag: inverted, pathKind: path.kind, keys: span(of: path.keys)))
                emit(body)
                close(at)
            case .partial(let index, let indentation, let position):
                close(open(Op(kind: .partial, text: span(of: indentation ?? []), target: Int32(index), position: place(position))))
            case .parent(let index, let indentation, let blocks, let position):
                // The overrides' instructions follow the tag's, which skips over them.
                let at = open(Op(kind: .partial, text: span(of: indentation), target: Int32(index), position: place(position)))
                var given: [Override] = []
                for block in blocks {
                    let start = Int32(ops.count)
                    emit(block.nodes)
                    given.append(Override(key: block.key, body: Span(start: start, end: Int32(ops.count))))
                }
                let first = Int32(overrides.count)
                overrides += given
                ops[at].overrides = Span(start: first, end: Int32(overrides.count))
                close(at)
            case .block(let key, let defaultNodes, let indentation, let intrinsic):
                let at = open(Op(kind: .block, text: span(of: indentation), target: key.id, intrinsic: span(of: intrinsic)))
                emit(defaultNodes)
                close(at)
            case .partialName, .parentName, .blockDefinition:
                // Linked or consumed while compiling; never rendered.
                return
            }
        }

        /// Appends `op`, whose body (if it has one) follows it; ``close(_:)`` marks where the
        /// body ends.
        private mutating func open(_ op: Op) -> Int {
            ops.append(op)
            return ops.count - 1
        }

        private mutating func close(_ at: Int) {
            ops[at].next = Int32(ops.count)
        }

        private mutating func span(of text: [UInt8]) -> Span {
            let start = Int32(bytes.count)
            bytes += text
            return Span(start: start, end: Int32(bytes.count))
        }

        private mutating func span(of path: [TemplateKey]) -> Span {
            let start = Int32(keys.count)
            keys += path
            return Span(start: start, end: Int32(keys.count))
        }

        private mutating func place(_ position: Position) -> Int32 {
            positions.append(position)
            return Int32(positions.count - 1)
        }
    }
}
