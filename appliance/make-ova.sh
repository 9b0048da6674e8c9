#!/usr/bin/env bash
# Package a raw disk as an OVA for VMware (ESXi, Workstation) and other OVF importers:
# a streamOptimized VMDK, an OVF 1.0 descriptor (2 vCPU, 4 GB, one NIC, BIOS firmware)
# and a SHA256 manifest, in a tar whose first member is the descriptor, as OVF requires.
#   appliance/make-ova.sh DISK.raw OUTPUT.ova DISK_SIZE_MB
set -euo pipefail
RAW="$1"
OVA="$2"
SIZE_MB="$3"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
qemu-img convert -q -f raw -O vmdk -o subformat=streamOptimized "$RAW" "$WORK/guichet-disk1.vmdk"
VMDK_BYTES="$(stat -c %s "$WORK/guichet-disk1.vmdk")"
CAPACITY=$(( SIZE_MB * 1024 * 1024 ))
cat > "$WORK/guichet.ovf" <<OVF
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
  xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
  xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"
  xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References>
    <File ovf:id="file1" ovf:href="guichet-disk1.vmdk" ovf:size="$VMDK_BYTES"/>
  </References>
  <DiskSection>
    <Info>Disque de l'appliance Guichet</Info>
    <Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="$CAPACITY"
      ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection>
    <Info>Réseau de l'appliance</Info>
    <Network ovf:name="VM Network"><Description>Réseau avec DHCP</Description></Network>
  </NetworkSection>
  <VirtualSystem ovf:id="guichet">
    <Info>Guichet, guichet de facturation électronique</Info>
    <Name>guichet</Name>
    <OperatingSystemSection ovf:id="96" vmw:osType="debian12_64Guest">
      <Info>Debian 12, 64 bits</Info>
    </OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>2 vCPU, 4 Go de mémoire, un disque, une carte réseau</Info>
      <System>
        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
        <vssd:InstanceID>0</vssd:InstanceID>
        <vssd:VirtualSystemIdentifier>guichet</vssd:VirtualSystemIdentifier>
        <vssd:VirtualSystemType>vmx-14</vssd:VirtualSystemType>
      </System>
      <Item>
        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
        <rasd:Description>Nombre de processeurs virtuels</rasd:Description>
        <rasd:ElementName>2 vCPU</rasd:ElementName>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>2</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:Description>Mémoire</rasd:Description>
        <rasd:ElementName>4096 Mo</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>4096</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:Address>0</rasd:Address>
        <rasd:ElementName>Contrôleur SCSI</rasd:ElementName>
        <rasd:InstanceID>3</rasd:InstanceID>
        <rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>
        <rasd:ResourceType>6</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:ElementName>Disque 1</rasd:ElementName>
        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
        <rasd:InstanceID>4</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
        <rasd:Connection>VM Network</rasd:Connection>
        <rasd:ElementName>Carte réseau 1</rasd:ElementName>
        <rasd:InstanceID>5</rasd:InstanceID>
        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
        <rasd:ResourceType>10</rasd:ResourceType>
      </Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
OVF
( cd "$WORK" && for f in guichet.ovf guichet-disk1.vmdk; do echo "SHA256($f)= $(sha256sum "$f" | cut -d' ' -f1)"; done ) > "$WORK/guichet.mf"
tar -C "$WORK" --format=ustar --owner=0 --group=0 --mtime="@${SOURCE_DATE_EPOCH:-0}" \
    -cf "$OVA" guichet.ovf guichet-disk1.vmdk guichet.mf
