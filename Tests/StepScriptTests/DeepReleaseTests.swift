import Foundation
import Testing
import StepScript

/// Deep structures are freed one level at a time: on a thread with a small stack, freeing a
/// chain 200 000 levels deep recursively would overflow it and crash the process.
@Suite struct DeepReleaseTests {
    /// Runs `source` in an interpreter that lives and dies on a thread with a 2 MiB stack.
    func runOnSmallStack(_ source: String) -> String? {
        final class Box: @unchecked Sendable { var output: String? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let interpreter = Interpreter(limits: Limits(seconds: 60))
                try interpreter.runScript(source)
                box.output = interpreter.output
            } catch {
                box.output = "error: \(error)"
            }
            done.signal()
        }
        thread.stackSize = 2 << 20
        thread.start()
        done.wait()
        return box.output
    }

    @Test(arguments: [
        "x = []\nfor i in range(200000):\n    x = [x]\nprint('built')\n",
        "x = {}\nfor i in range(200000):\n    x = {'next': x}\nprint('built')\n",
        "class Node:\n    pass\nn = None\nfor i in range(200000):\n    m = Node()\n    m.next = n\n    n = m\nprint('built')\n",
        "t = ()\nfor i in range(200000):\n    t = (t, i)\nprint('built')\n",
        "x = []\nfor i in range(200000):\n    x = [(x,)]\nx = None\nprint('built')\n",
    ])
    func deepChainsAreFreedIteratively(_ source: String) {
        #expect(runOnSmallStack(source) == "built\n")
    }
}
