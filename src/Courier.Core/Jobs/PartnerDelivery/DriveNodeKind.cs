namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>What a Drive item is to the copy.</summary>
public enum DriveNodeKind
{
    File,
    Folder,
    Shortcut,
}
