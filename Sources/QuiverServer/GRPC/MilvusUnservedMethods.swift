// MilvusUnservedMethods: the MilvusService methods Quiver does not serve (users, roles, resource
// groups, imports, snapshots, ...), each registered so that a call fails at once with gRPC
// UNIMPLEMENTED naming the method, which clients do not retry. grpc-swift's router would
// answer an unknown method UNIMPLEMENTED too, but with a message that names nothing.
// Invariant: `names` and the methods MilvusGRPCService serves are disjoint (trapped at
// registration: the router keeps one handler per method); the list is MilvusService's as
// pymilvus 3.0.2 declares it.

import GRPCCore
import QuiverGRPC

struct MilvusUnservedMethods: RegistrableRPCService {
    static let service = "milvus.proto.milvus.MilvusService"

    static let names: [String] = [
        "BatchDescribeCollection", "AlterCollection", "AlterCollectionField", "AddCollectionFunction",
        "AlterCollectionFunction", "DropCollectionFunction", "TruncateCollection", "Prewarm", "DescribePrewarmTask",
        "GetPartitionStatistics", "CreateNamespace", "DescribeNamespace", "ListNamespaces", "DropNamespace",
        "HasNamespace", "GetNamespaceStats", "AlterIndex", "GetIndexStatistics", "GetIndexState",
        "GetIndexBuildProgress", "CalcDistance", "FlushAll", "AddCollectionField", "AddCollectionStructField",
        "GetFlushAllState", "GetPersistentSegmentInfo", "GetQuerySegmentInfo", "GetReplicas", "Dummy", "RegisterLink",
        "GetMetrics", "GetComponentStates", "LoadBalance", "GetCompactionStateWithPlans", "Import", "GetImportState",
        "ListImportTasks", "CreateCredential", "UpdateCredential", "DeleteCredential", "ListCredUsers", "CreateRole",
        "AlterRole", "DropRole", "OperateUserRole", "SelectRole", "SelectUser", "OperatePrivilege", "OperatePrivilegeV2",
        "SelectGrant", "CreateResourceGroup", "DropResourceGroup", "UpdateResourceGroups", "TransferNode",
        "TransferReplica", "ListResourceGroups", "DescribeResourceGroup", "ListIndexedSegment",
        "DescribeSegmentIndexData", "CreateDatabase", "DropDatabase", "AlterDatabase", "ReplicateMessage", "BackupRBAC",
        "RestoreRBAC", "CreatePrivilegeGroup", "DropPrivilegeGroup", "ListPrivilegeGroups", "OperatePrivilegeGroup",
        "RunAnalyzer", "AddFileResource", "RemoveFileResource", "ListFileResources", "AddUserTags", "DeleteUserTags",
        "GetUserTags", "ListUsersWithTag", "CreateRowPolicy", "DropRowPolicy", "ListRowPolicies",
        "UpdateReplicateConfiguration", "GetReplicateConfiguration", "GetReplicateInfo", "CreateReplicateStream",
        "DumpMessages", "ComputePhraseMatchSlop", "CreateSnapshot", "DropSnapshot", "ListSnapshots", "DescribeSnapshot",
        "RestoreSnapshot", "RestoreExternalSnapshot", "ExportSnapshot", "GetExportSnapshotState",
        "GetRestoreSnapshotState", "ListRestoreSnapshotJobs", "PinSnapshotData", "UnpinSnapshotData",
        "AlterCollectionSchema", "BatchUpdateManifest", "RefreshExternalCollection",
        "GetRefreshExternalCollectionProgress", "ListRefreshExternalCollectionJobs",
    ]

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for name in Self.names {
            let descriptor = MethodDescriptor(fullyQualifiedService: Self.service, method: name)
            precondition(!router.hasHandler(forMethod: descriptor), "\(name) is served; remove it from MilvusUnservedMethods.names")
            router.registerHandler(forMethod: descriptor, deserializer: IgnoredMessage.Coder(), serializer: IgnoredMessage.Coder()) { _, _ in
                throw RPCError(code: .unimplemented, message: "Quiver does not serve MilvusService/\(name)")
            }
        }
    }
}

/// A request or reply whose bytes are never looked at (the handler fails before reading it).
struct IgnoredMessage: Sendable {
    struct Coder: MessageSerializer, MessageDeserializer {
        func serialize<Bytes: GRPCContiguousBytes>(_ message: IgnoredMessage) throws -> Bytes { Bytes(repeating: 0, count: 0) }
        func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> IgnoredMessage { IgnoredMessage() }
    }
}
