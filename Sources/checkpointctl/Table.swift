/// A table for people: a header row and columns as wide as their widest cell, two spaces apart, no trailing
/// spaces. Widths count terminal columns, so names in Chinese line up too.
struct Table {
    enum Alignment {
        case left
        case right
    }

    struct Column {
        var title: String
        var alignment: Alignment = .left
    }

    struct Cell {
        var text: String
        var attributes: [TerminalStyle.Attribute] = []
    }

    struct Row {
        var cells: [Cell]
        /// Applied to every cell of the row (e.g. dim for a revoked station).
        var attributes: [TerminalStyle.Attribute] = []
    }

    var columns: [Column]
    var rows: [Row] = []

    /// Column titles are given in English (`ORDER`) and shown in the process's language (``Messages/word(_:)``),
    /// so a new column is one line in `Messages+Chinese.swift`.
    init(_ columns: [Column]) {
        self.columns = columns.map { Column(title: L.word($0.title), alignment: $0.alignment) }
    }

    mutating func append(_ cells: [Cell], attributes: [TerminalStyle.Attribute] = []) {
        rows.append(Row(cells: cells, attributes: attributes))
    }

    /// The table as lines, each ending in a newline.
    func rendered(style: TerminalStyle) -> String {
        var widths = columns.map { TextWidth.columns(of: $0.title) }
        for row in rows {
            for (index, cell) in row.cells.enumerated() where index < widths.count {
                widths[index] = max(widths[index], TextWidth.columns(of: cell.text))
            }
        }
        var output = line(columns.map { Cell(text: $0.title) }, attributes: [.bold], widths: widths, style: style)
        for row in rows {
            output += line(row.cells, attributes: row.attributes, widths: widths, style: style)
        }
        return output
    }

    private func line(
        _ cells: [Cell],
        attributes: [TerminalStyle.Attribute],
        widths: [Int],
        style: TerminalStyle
    ) -> String {
        var text = ""
        var pendingSpaces = 0
        for (index, column) in columns.enumerated() {
            let cell = index < cells.count ? cells[index] : Cell(text: "")
            let padding = String(repeating: " ", count: widths[index] - TextWidth.columns(of: cell.text))
            let painted = style.paint(cell.text, attributes + cell.attributes)
            if index > 0 {
                pendingSpaces += 2
            }
            switch column.alignment {
            case .left:
                text += String(repeating: " ", count: pendingSpaces) + painted
                pendingSpaces = padding.count
            case .right:
                text += String(repeating: " ", count: pendingSpaces) + padding + painted
                pendingSpaces = 0
            }
        }
        return text + "\n"
    }
}

/// How many terminal columns text takes: East Asian wide characters take two, combining marks none.
enum TextWidth {
    static func columns(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + columns(of: $1) }
    }

    static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}
