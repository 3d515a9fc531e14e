using System.Buffers.Binary;
using System.Text;

namespace Flexiffusion.Diffusion.Tests.Native;

/// <summary>Reads the version requirements (SHT_GNU_verneed, Vernaux entries) of a 64-bit ELF file.</summary>
internal static class ElfVersionNeeds
{
    public static IReadOnlyList<(string Library, string Version, ushort Flags)> Read(string path)
    {
        var elf = File.ReadAllBytes(path);
        ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan((int)at));
        uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)at));
        long I64(long at) => BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan((int)at));
        string Str(long at) => Encoding.ASCII.GetString(elf, (int)at, Array.IndexOf(elf, (byte)0, (int)at) - (int)at);

        long table = I64(0x28);
        int size = U16(0x3A), count = U16(0x3C);
        var result = new List<(string, string, ushort)>();
        for (int i = 0; i < count; i++)
        {
            long header = table + (long)i * size;
            if (U32(header + 4) != 0x6ffffffe)
                continue;
            long strings = I64(table + U32(header + 40) * (long)size + 24);
            long entry = I64(header + 24);
            for (uint n = 0, needs = U32(header + 44); n < needs; n++)
            {
                string library = Str(strings + U32(entry + 4));
                long aux = entry + U32(entry + 8);
                for (int a = 0, auxCount = U16(entry + 2); a < auxCount; a++)
                {
                    result.Add((library, Str(strings + U32(aux + 8)), U16(aux + 4)));
                    aux += U32(aux + 12);
                }
                entry += U32(entry + 12);
            }
        }
        return result;
    }
}
