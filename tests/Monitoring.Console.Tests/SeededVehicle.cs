using System.Globalization;

namespace Monitoring.WebConsole.Tests;

/// <summary>A vehicle as seeded: its fleet index (for <see cref="Drive"/>), database id, plate, colour and owner.</summary>
public sealed record SeededVehicle(int Index, long Id, string Plate, short PlateColour, long CarrierId, int CountyId, string Phone)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Plate} (v{Index}, carrier {CarrierId})");
}
