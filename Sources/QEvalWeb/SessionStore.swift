import Foundation
import GRDB
import Hummingbird
import ServiceLifecycle

/// Sessions (the sign-in, the CSRF token and the unsaved drafts of points) in the workspace's database, so
/// a restart — even `kill -9` — signs nobody out and drops no draft. A signed-in session also ends after
/// `idle` without a request (its last use is written at most once a minute, not on every request), and at
/// once when its account is disabled (`endSessions(of:)`).
struct SessionStore: PersistDriver {
    let queue: DatabaseQueue
    let idle: Duration
    /// How stale `lastSeen` may grow before a request writes it again.
    static let touchEvery: TimeInterval = 60

    init(store: Store, idle: Duration) {
        queue = store.queue
        self.idle = idle
    }

    private var idleSeconds: TimeInterval { TimeInterval(idle.components.seconds) }

    private static func seconds(_ duration: Duration?) -> TimeInterval? {
        duration.map { TimeInterval($0.components.seconds) }
    }

    /// The account a session belongs to, read from the value when it is a web session.
    private static func user(of value: some Codable) -> String? { (value as? WebSession)?.user }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let now = Date()
        let expiry = now.addingTimeInterval(Self.seconds(expires) ?? 12 * 3600)
        try await queue.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM session WHERE key = ?", arguments: [key]) == true {
                throw PersistError.duplicate
            }
            try db.execute(
                sql: "INSERT INTO session (key, user, value, expires, lastSeen) VALUES (?, ?, ?, ?, ?)",
                arguments: [key, Self.user(of: value), data, expiry, now])
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let now = Date()
        let expiry = Self.seconds(expires).map { now.addingTimeInterval($0) }
        try await queue.write { db in
            if let expiry {
                try db.execute(
                    sql: """
                        INSERT INTO session (key, user, value, expires, lastSeen) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET user = excluded.user, value = excluded.value,
                            expires = excluded.expires, lastSeen = excluded.lastSeen
                        """, arguments: [key, Self.user(of: value), data, expiry, now])
            } else {
                try db.execute(
                    sql: "UPDATE session SET user = ?, value = ?, lastSeen = ? WHERE key = ?",
                    arguments: [Self.user(of: value), data, now, key])
                // Gone meanwhile (expired, or its account disabled): kept again for the anonymous lifetime; an
                // account's session is checked against the account on its next request anyway.
                if db.changesCount == 0 {
                    try db.execute(
                        sql: "INSERT INTO session (key, user, value, expires, lastSeen) VALUES (?, ?, ?, ?, ?)",
                        arguments: [key, Self.user(of: value), data, now.addingTimeInterval(2 * 3600), now])
                }
            }
        }
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (
        object: Object, ttl: Duration?
    )? {
        let now = Date()
        let idle = idleSeconds
        let row = try await queue.read { db in
            try Row.fetchOne(
                db, sql: "SELECT user, value, expires, lastSeen FROM session WHERE key = ?", arguments: [key])
        }
        guard let row else { return nil }
        let expires: Date = row["expires"]
        let lastSeen: Date = row["lastSeen"]
        let user: String? = row["user"]
        if expires <= now || (user != nil && now.timeIntervalSince(lastSeen) > idle) {
            try await remove(key: key)
            return nil
        }
        if now.timeIntervalSince(lastSeen) > Self.touchEvery {
            try await queue.write { db in
                try db.execute(sql: "UPDATE session SET lastSeen = ? WHERE key = ?", arguments: [now, key])
            }
        }
        let data: Data = row["value"]
        guard let object = try? JSONDecoder().decode(Object.self, from: data) else { return nil }
        return (object, .seconds(Int64(expires.timeIntervalSince(now))))
    }

    func remove(key: String) async throws {
        try await queue.write { db in try db.execute(sql: "DELETE FROM session WHERE key = ?", arguments: [key]) }
    }

    /// Drops expired sessions now and then (a session is also dropped when it is next asked for).
    func run() async throws {
        await cancelWhenGracefulShutdown { await self.tidy() }
    }

    private func tidy() async {
        while !Task.isCancelled {
            let now = Date()
            let idleStart = now.addingTimeInterval(-idleSeconds)
            try? await queue.write { db in
                try db.execute(
                    sql: "DELETE FROM session WHERE expires <= ? OR (user IS NOT NULL AND lastSeen < ?)",
                    arguments: [now, idleStart])
            }
            try? await Task.sleep(for: .seconds(600))
        }
    }
}

extension Store {
    /// Ends every session of an account (disabled, or its password changed by a 管理员), except `keeping`.
    func endSessions(of user: String, keeping: String? = nil) async throws {
        try await queue.write { db in
            try db.execute(
                sql: "DELETE FROM session WHERE user = ? AND key IS NOT ?", arguments: [user, keeping.map { "qeval." + $0 }])
        }
    }
}
