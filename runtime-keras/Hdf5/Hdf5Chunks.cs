using System;
using System.Collections.Generic;

namespace LstmGen.Hdf5;

/// <summary>
/// Reads an uncompressed chunked dataset: walks its version 1 B-tree (node type 1) and copies each chunk's part
/// inside the dataspace into the output. Chunks never written keep the fill value already in the output.
/// </summary>
internal sealed class Hdf5Chunks(Hdf5Dataset dataset, uint[] chunk, int elementSize)
{
    private readonly Hdf5File _file = dataset.File;
    private readonly string _path = dataset.Path;

    public void Read(long tree, Span<byte> output)
    {
        var dims = dataset.Space.Dimensions;
        if (dims.Length != chunk.Length)
            throw _file.Error(_path, "chunk rank differs from the dataspace's", $"{dims.Length} dimensions", $"{chunk.Length} dimensions");
        long chunkElements = 1;
        foreach (uint d in chunk)
        {
            if (d == 0)
                throw _file.Error(_path, "chunk dimension of zero", "chunk dimensions ≥ 1", string.Join(", ", chunk));
            chunkElements = Math.Min(chunkElements * d, _file.Length + 1); // more than the file holds: caught below
        }
        long chunkBytes = chunkElements * elementSize;
        if (chunkBytes > _file.Length)
            throw _file.Error(_path, "chunk larger than the file", $"at most {_file.Length} bytes", $"{chunkBytes} bytes");
        var buffer = new byte[chunkBytes];
        int rank = chunk.Length;
        long keySize = 8 + 8L * (rank + 1);
        var seen = new HashSet<long>();
        var nodes = new Stack<long>();
        nodes.Push(tree);
        var offsets = new ulong[rank];
        while (nodes.TryPop(out long at))
        {
            if (!seen.Add(at))
                throw _file.Error(_path, "the chunk B-tree visits a node twice", "a tree", $"node {at} again");
            var (level, entries, keysAndChildren) = _file.BTreeNode(at, 1, keySize, _path, "chunk B-tree node");
            var node = new Hdf5Cursor(keysAndChildren, _file, _path, "chunk B-tree node");
            for (int k = 0; k < entries; k++)
            {
                uint size = node.U32();
                node.Skip(4); // filter mask
                for (int d = 0; d < rank; d++)
                    offsets[d] = node.Unsigned(8);
                node.Skip(8); // the element-size dimension's offset
                long child = node.Address() ?? throw _file.Error(_path, "chunk B-tree child without an address", "an address", "undefined");
                if (level > 0)
                {
                    nodes.Push(child);
                    continue;
                }
                if (!seen.Add(child))
                    throw _file.Error(_path, "the chunk B-tree lists a chunk twice", "each chunk once", $"chunk at {child} again");
                if (size != chunkBytes)
                    throw _file.Error(_path, "chunk size differs from the layout's", $"{chunkBytes} bytes", $"{size} bytes");
                _file.ReadInto(child, buffer, _path, "chunk");
                Copy(buffer, offsets, dims, output);
            }
        }
    }

    /// <summary>Copies the chunk at <paramref name="offsets"/> into the row-major output, row by row along the last dimension.</summary>
    private void Copy(byte[] source, ulong[] offsets, ulong[] dims, Span<byte> output)
    {
        int rank = chunk.Length;
        for (int d = 0; d < rank; d++)
            if (offsets[d] >= dims[d])
                return; // entirely outside the dataspace
        long rowLength = (long)Math.Min(chunk[rank - 1], dims[rank - 1] - offsets[rank - 1]);
        var index = new long[rank]; // position inside the chunk, last dimension fixed at 0
        while (true)
        {
            bool inside = true;
            long src = 0, dst = 0;
            for (int d = 0; d < rank; d++)
            {
                ulong global = offsets[d] + (ulong)index[d];
                if (global >= dims[d]) { inside = false; break; }
                src = src * chunk[d] + index[d];
                dst = dst * (long)dims[d] + (long)global;
            }
            if (inside)
                source.AsSpan((int)(src * elementSize), (int)(rowLength * elementSize)).CopyTo(output.Slice((int)(dst * elementSize)));
            int k = rank - 2;
            while (k >= 0 && ++index[k] >= chunk[k])
                index[k--] = 0;
            if (k < 0)
                return;
        }
    }
}
