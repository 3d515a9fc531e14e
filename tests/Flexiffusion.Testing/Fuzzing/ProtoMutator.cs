using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Flexiffusion.Testing.Fuzzing;

/// <summary>
/// Changes randomly chosen fields of a protobuf message, anywhere in its tree, to values a request handler must be
/// ready for: zero, negative and extreme numbers, NaN and infinities, unknown enum values, empty, huge and non-ASCII
/// strings, missing sub-messages, cleared or oversized lists. Generic over the message descriptors, so a field added
/// to the contract is fuzzed without a change here. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class ProtoMutator(Random random)
{
    private static readonly long[] Integers = [0, 1, -1, 2, 3, 7, 12, 100, 1000, 1001, 10_000, 65_537, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];

    private static readonly double[] Reals = [0, -0.0, 1, -1, 0.5, 2, 3, 1e-300, 1e308, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static readonly string[] Texts =
    [
        "", "a", "a b", "tiny", "synthetic", "searches/", "searches/x", "../../etc/passwd", "é٣\u00a0", "\0", "20: 2:5x20", "2: 0:5x2", "12: Fx12",
        "ddim", "plms", new string('x', 70_000), "-1", "NaN",
    ];

    /// <summary>A copy of <paramref name="message"/> with <paramref name="edits"/> random changes.</summary>
    public T Mutate<T>(T message, int edits) where T : IMessage<T>, IDeepCloneable<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        var copy = message.Clone();
        for (int i = 0; i < edits; i++)
            MutateOnce(copy, depth: 0);
        return copy;
    }

    private void MutateOnce(IMessage message, int depth)
    {
        var fields = message.Descriptor.Fields.InDeclarationOrder();
        if (fields.Count == 0)
            return;
        var field = fields[random.Next(fields.Count)];
        var accessor = field.Accessor;
        if (field.IsMap)
            return;
        if (field.IsRepeated)
        {
            MutateList((IList)accessor.GetValue(message), field);
            return;
        }
        if (field.FieldType == FieldType.Message)
        {
            var child = (IMessage?)accessor.GetValue(message);
            if (child is null || random.Next(4) == 0)
            {
                accessor.SetValue(message, random.Next(3) == 0 ? null! : field.MessageType.Parser.ParseFrom(ByteString.Empty));
                return;
            }
            if (depth < 8)
                MutateOnce(child, depth + 1);
            return;
        }
        if (field.HasPresence && random.Next(6) == 0)
        {
            accessor.Clear(message);
            return;
        }
        accessor.SetValue(message, Value(field));
    }

    private void MutateList(IList list, FieldDescriptor field)
    {
        switch (random.Next(4))
        {
            case 0:
                list.Clear();
                return;
            case 1 when field.FieldType != FieldType.Message:
                // Oversized: more entries than any list limit allows.
                for (int i = 0; i < 1500; i++)
                    list.Add(Value(field));
                return;
            default:
                for (int i = random.Next(1, 4); i > 0; i--)
                    list.Add(field.FieldType == FieldType.Message ? field.MessageType.Parser.ParseFrom(ByteString.Empty) : Value(field));
                return;
        }
    }

    private object Value(FieldDescriptor field)
    {
        long integer = Integers[random.Next(Integers.Length)];
        return field.FieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Math.Clamp(integer, int.MinValue, int.MaxValue),
            FieldType.UInt32 or FieldType.Fixed32 => (uint)Math.Clamp(integer, 0, uint.MaxValue),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => integer,
            FieldType.UInt64 or FieldType.Fixed64 => integer < 0 ? ulong.MaxValue : (ulong)integer,
            FieldType.Double => Reals[random.Next(Reals.Length)],
            FieldType.Float => (float)Reals[random.Next(Reals.Length)],
            FieldType.Bool => random.Next(2) == 0,
            FieldType.String => Texts[random.Next(Texts.Length)],
            FieldType.Bytes => ByteString.CopyFrom([.. Enumerable.Range(0, random.Next(0, 64)).Select(_ => (byte)random.Next(256))]),
            FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, random.Next(-2, 13)),
            _ => throw new NotSupportedException($"field type {field.FieldType} of {field.FullName}"),
        };
    }
}
