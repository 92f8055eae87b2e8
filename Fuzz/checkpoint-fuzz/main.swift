import CLibFuzzer
import CheckpointFuzzTargets
import Glibc

// `checkpoint-fuzz TARGET [libFuzzer flags] [CORPUS...]`: one binary for every fuzz target (scripts/fuzz builds
// it with `-sanitize=fuzzer,address` and runs it). A target fails by a crash, an address-sanitizer report, or a
// broken property, which stops the run; libFuzzer saves the input as a crash-* file to reproduce.

func say(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
}

/// The target this run checks; set once, before libFuzzer starts calling `testOneInput`.
nonisolated(unsafe) var selected = FuzzTarget.stationLine

func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: size == 0 ? nil : data, count: size)
    if let failure = selected.check(input) {
        say("property failed (\(selected.rawValue)): \(failure)\n")
        abort()
    }
    return 0
}

var arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    say("usage: checkpoint-fuzz TARGET [libFuzzer flags] [CORPUS...]; targets: \(names)\n")
    exit(64)
}
selected = target
// libFuzzer reads its own flags and corpus directories: hand it the arguments without the target's name.
arguments.remove(at: 1)
var argc = CInt(arguments.count)
var cStrings: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
let status = cStrings.withUnsafeMutableBufferPointer { pointers -> CInt in
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = pointers.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv, testOneInput)
}
exit(status)
