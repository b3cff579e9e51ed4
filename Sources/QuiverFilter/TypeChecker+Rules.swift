// TypeChecker rules: field resolution, comparability, `in` lists and the function family.
// Invariants: see TypeChecker.swift; every error names what was found and carries a column.

extension TypeChecker {
    mutating func resolveField(name: String, path: [PathComponent], column: Int) throws(FilterError) -> Typed {
        let dynamicField = FilterSchema.dynamicFieldName
        if name == dynamicField {
            guard schema.dynamicFieldEnabled else {
                throw FilterError("'$meta' is not available because the dynamic field is not enabled", at: column)
            }
            referencedFields.insert(dynamicField)
            return Typed(expression: .field(name: dynamicField, path: path), kind: .json, column: column)
        }
        guard let type = schema.fields[name] else {
            guard schema.dynamicFieldEnabled else { throw FilterError("unknown field '\(name)'", at: column) }
            referencedFields.insert(dynamicField)
            return Typed(expression: .field(name: dynamicField, path: [.key(name)] + path), kind: .json, column: column)
        }
        let subject = "field '\(name)' is \(type)"
        if type.isVector {
            throw FilterError("\(subject); vector fields cannot be used in filters", at: column)
        }
        referencedFields.insert(name)
        let expression = CheckedExpression.field(name: name, path: path)
        switch type {
        case .json:
            return Typed(expression: expression, kind: .json, subject: path.isEmpty ? subject : nil, column: column)
        case .array(let element):
            if path.isEmpty {
                return Typed(expression: expression, kind: Self.kind(of: type), subject: subject, column: column)
            }
            guard path.count == 1, case .index = path[0] else {
                throw FilterError("\(subject); index it with one integer, like \(name)[0]", at: column)
            }
            return Typed(expression: expression, kind: Self.kind(of: element),
                         subject: "element of field '\(name)' is \(element)", column: column)
        default:
            guard path.isEmpty else { throw FilterError("\(subject); it cannot be indexed", at: column) }
            return Typed(expression: expression, kind: Self.kind(of: type), subject: subject, column: column)
        }
    }

    static func kind(of type: FilterFieldType) -> ValueKind {
        switch type {
        case .bool: .bool
        case .int8, .int16, .int32, .int64, .float, .double: .number
        case .varChar: .string
        case .json, .floatVector, .binaryVector: .json
        case .array(let element): .array(kind(of: element))
        }
    }

    /// Whether `==` between the two kinds can ever be meaningful.
    static func canTestEquality(_ left: ValueKind, _ right: ValueKind) -> Bool {
        switch (left, right) {
        case (.json, _), (_, .json): true
        case (.number, .number), (.string, .string), (.bool, .bool): true
        case (.array, .array), (.array, .list), (.list, .array), (.list, .list): true
        default: false
        }
    }

    func checkComparable(_ op: ComparisonOperator, _ left: Typed, _ right: Typed,
                         operatorColumn: Int) throws(FilterError) {
        guard Self.canTestEquality(left.kind, right.kind) else {
            if let subject = left.subject {
                throw FilterError("\(subject); cannot compare with \(right.kind.phrase)", at: left.column)
            }
            if let subject = right.subject {
                throw FilterError("\(subject); cannot compare with \(left.kind.phrase)", at: right.column)
            }
            throw FilterError("cannot compare \(left.kind.phrase) with \(right.kind.phrase)", at: operatorColumn)
        }
        guard op.isOrdering else { return }
        for side in [left, right] {
            switch side.kind {
            case .bool:
                throw FilterError("'\(op.rawValue)' cannot order booleans; use '==' or '!='", at: operatorColumn)
            case .array, .list:
                throw FilterError("'\(op.rawValue)' cannot order arrays or lists", at: operatorColumn)
            case .number, .string, .json:
                continue
            }
        }
    }

    mutating func checkMembership(_ operandNode: SyntaxNode, _ listNode: SyntaxNode, negated: Bool,
                                  column: Int) throws(FilterError) -> Typed {
        let operand = try check(operandNode)
        let list = try check(listNode)
        guard case .constant(.array(let values)) = list.expression else {
            throw FilterError("expected a list after 'in'", at: listNode.column)
        }
        let elementNodes = listNode.kind.children
        for (position, value) in values.enumerated() {
            let elementColumn = position < elementNodes.count ? elementNodes[position].column : listNode.column
            let element = Typed(expression: .constant(value), kind: Self.kind(of: value), column: elementColumn)
            try checkComparable(.equal, operand, element, operatorColumn: elementColumn)
        }
        return Typed(expression: .membership(operand.expression, values, negated: negated), kind: .bool, column: column)
    }

    mutating func checkCall(_ function: FilterFunction, _ arguments: [SyntaxNode],
                            column: Int) throws(FilterError) -> Typed {
        precondition(arguments.count == function.argumentCount, "parser checked the argument count")
        let name = function.rawValue
        let container = try check(arguments[0])
        let isArray: Bool
        if case .array = container.kind { isArray = true } else { isArray = false }
        guard isArray || container.kind == .json else {
            throw FilterError("'\(name)' needs a JSON or array field, but \(container.description)",
                              at: container.column)
        }
        let mode: ContainsMode
        switch function {
        case .arrayLength:
            return Typed(expression: .arrayLength(container.expression), kind: .number, column: column)
        case .jsonContains, .arrayContains: mode = .element
        case .jsonContainsAll, .arrayContainsAll: mode = .all
        case .jsonContainsAny, .arrayContainsAny: mode = .any
        }
        let argument = try check(arguments[1])
        guard let constant = argument.expression.constantValue else {
            throw FilterError("'\(name)' needs a constant value as its second argument", at: argument.column)
        }
        var elements = [constant]
        if mode != .element {
            guard case .array(let list) = constant else {
                throw FilterError("'\(name)' needs a list like [1, 2] as its second argument", at: argument.column)
            }
            elements = list
        }
        if case .array(let elementKind) = container.kind {
            for element in elements where !Self.canTestEquality(elementKind, Self.kind(of: element)) {
                let subject = container.subject ?? "the array holds \(elementKind.phrase)"
                throw FilterError("\(subject); cannot contain \(Self.kind(of: element).phrase)", at: argument.column)
            }
        }
        return Typed(expression: .contains(container.expression, mode, elements), kind: .bool, column: column)
    }
}
