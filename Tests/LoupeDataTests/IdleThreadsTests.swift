import Foundation
import LoupeData
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Work started on an idle thread runs at the lowest priority (nice 19 on Linux) without
/// changing the caller's, and a parallel map on that thread runs its iterations in turn on it,
/// results in order.
final class IdleThreadsTests: XCTestCase {
    func testAnIdleThreadRunsAtTheLowestPriorityAndMapsInTurn() {
        let finished = expectation(description: "idle work ran")
        let seen = Seen()
        IdleThreads.start {
            #if os(Linux)
                seen.priority = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            #endif
            seen.isIdle = IdleThreads.isCurrent
            let thread = pthread_self()
            seen.mapped = ParallelResults.map(6) { i in (i * i, pthread_equal(pthread_self(), thread) != 0) }
            finished.fulfill()
        }
        wait(for: [finished], timeout: 30)
        #if os(Linux)
            XCTAssertEqual(seen.priority, 19)
            XCTAssertEqual(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), 0, "the caller keeps its priority")
        #endif
        XCTAssertTrue(seen.isIdle)
        XCTAssertFalse(IdleThreads.isCurrent)
        XCTAssertEqual(seen.mapped.map(\.0), [0, 1, 4, 9, 16, 25])
        XCTAssertTrue(seen.mapped.allSatisfy(\.1), "every iteration on the idle thread itself")
    }

    private final class Seen: @unchecked Sendable {
        var priority: Int32 = 0
        var isIdle = false
        var mapped: [(Int, Bool)] = []
    }
}
