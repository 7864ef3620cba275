using System.Reflection;
using System.Reflection.Emit;

namespace ContainerStages.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which others, read from the compiled code itself: base types,
/// interfaces, member signatures, attributes and every type, method and field a method body names.
/// Compiled code is the honest source: a 'using' can be unused and a fully qualified name needs none.
/// </summary>
internal static class NamespaceDependencyReader
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Edges between namespaces under <paramref name="rootNamespace"/>, each with an example of the use behind it.</summary>
    public static IReadOnlyDictionary<(string From, string To), string> Read(Assembly assembly, string rootNamespace)
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in assembly.GetTypes())
        {
            string? from = NamespaceOf(type, rootNamespace);
            if (from is null)
            {
                continue;
            }

            foreach (var (used, what) in UsedTypes(type))
            {
                string? to = NamespaceOf(used, rootNamespace);
                if (to is not null && to != from && used.Assembly == assembly)
                {
                    edges.TryAdd((from, to), $"{Outermost(type).FullName} uses {Outermost(used).FullName} ({what})");
                }
            }
        }

        return edges;
    }

    private static string? NamespaceOf(Type type, string rootNamespace)
    {
        string? ns = Outermost(type).Namespace;
        return ns is not null && ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal) ? ns[(rootNamespace.Length + 1)..] : null;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static IEnumerable<(Type Type, string What)> UsedTypes(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            foreach (var t in Expand(baseType)) yield return (t, "base type");
        }

        foreach (var t in type.GetInterfaces().SelectMany(Expand)) yield return (t, "interface");
        foreach (var t in type.GetCustomAttributesData().SelectMany(a => Expand(a.AttributeType))) yield return (t, "attribute");

        foreach (var field in type.GetFields(Everything))
        {
            foreach (var t in Expand(field.FieldType)) yield return (t, $"field {field.Name}");
        }

        foreach (var property in type.GetProperties(Everything))
        {
            foreach (var t in Expand(property.PropertyType)) yield return (t, $"property {property.Name}");
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            string what = $"{(method.IsConstructor ? "constructor" : "method " + method.Name)}";
            if (method is MethodInfo info)
            {
                foreach (var t in Expand(info.ReturnType)) yield return (t, what);
            }

            foreach (var t in method.GetParameters().SelectMany(p => Expand(p.ParameterType))) yield return (t, what);
            foreach (var t in BodyReferences(method)) yield return (t, what + " body");
        }
    }

    /// <summary>A type and every type inside it: array elements, by-ref targets and generic arguments.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!)) yield return t;
            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand)) yield return t;
        }
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        var module = method.Module;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }

            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineTok:
                case OperandType.InlineType:
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                    int token = BitConverter.ToInt32(il, position);
                    position += 4;
                    MemberInfo? member;
                    try
                    {
                        member = module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException)
                    {
                        continue;
                    }

                    var owner = member switch
                    {
                        Type t => t,
                        { DeclaringType: { } d } => d,
                        _ => null,
                    };
                    if (owner is not null)
                    {
                        foreach (var t in Expand(owner)) yield return t;
                    }

                    if (member is FieldInfo field)
                    {
                        foreach (var t in Expand(field.FieldType)) yield return t;
                    }

                    break;
                case OperandType.InlineSwitch:
                    int count = BitConverter.ToInt32(il, position);
                    position += 4 + (4 * count);
                    break;
                default:
                    position += OperandSize(opCode.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
