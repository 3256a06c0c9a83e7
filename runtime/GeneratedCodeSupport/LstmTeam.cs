using System;
using System.ComponentModel;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// What the <see cref="ThreadTeam"/> overloads of generated layers share: how many members a layer uses, which register
/// tiles each member owns, and the team's call and barrier. Public only so generated code can call it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmTeam
{
    /// <summary>
    /// The members a layer of <paramref name="units"/> runs on with <paramref name="team"/>: at most the team's
    /// threads, and each owning at least <see cref="ThreadTeam.MinUnitsPerMember"/> units. 1 means the calling
    /// thread alone. Checks the team first, so a disposed team fails the same way whatever the layer.
    /// </summary>
    public static int Members(ThreadTeam team, int units)
    {
        ArgumentNullException.ThrowIfNull(team);
        ObjectDisposedException.ThrowIf(team.IsDisposed, team);
        return Math.Clamp(units / team.MinUnitsPerMember, 1, team.Threads);
    }

    /// <summary>
    /// The vector columns member <paramref name="member"/> of <paramref name="members"/> owns, from
    /// <paramref name="first"/> to <paramref name="end"/> (exclusive): whole register tiles (two columns, the last
    /// one alone where <paramref name="columns"/> is odd), as evenly shared as tiles allow. Every member owns at least
    /// one tile when members ≤ tiles.
    /// </summary>
    public static void Columns(int member, int members, int columns, out int first, out int end)
    {
        int tiles = (columns + KernelSizing.TileColumns - 1) / KernelSizing.TileColumns;
        first = (int)((long)member * tiles / members) * KernelSizing.TileColumns;
        end = Math.Min((int)((long)(member + 1) * tiles / members) * KernelSizing.TileColumns, columns);
    }

    /// <summary>Runs <paramref name="work"/>(member, members) on <paramref name="members"/> members of <paramref name="team"/>; see <see cref="ThreadTeam"/>.</summary>
    public static void Run(ThreadTeam team, Action<int, int> work, int members) => team.Run(work, members);

    /// <summary>Waits until all <paramref name="members"/> of <paramref name="team"/>'s current call reach this barrier (spinning).</summary>
    public static void Barrier(ThreadTeam team, int members) => team.Barrier(members);
}
