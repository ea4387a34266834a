/* ofp13/ofp.h -- OpenFlow wire constants: versions, message and multipart
 * types, reserved numbers, flags and bit definitions for OpenFlow 1.3.5
 * (wire version 0x04).  Per-version numbers of 1.0 and 1.1 that differ from
 * 1.3 live in the translator's own headers (OFPT10_*, OFPAT10_*, ...).
 * Constants only: no code, no structs. */
#ifndef OFP13_OFP_H
#define OFP13_OFP_H 1

/* Wire versions. */
enum ofp_version {
    OFP10_VERSION = 0x01,
    OFP11_VERSION = 0x02,
    OFP12_VERSION = 0x03,
    OFP13_VERSION = 0x04,
    OFP14_VERSION = 0x05,
    OFP15_VERSION = 0x06,
};

#define OFP_HEADER_LEN 8
#define OFP_MAX_MSG_LEN 65535
#define OFP_TCP_PORT 6653
#define OFP_TCP_PORT_OLD 6633

/* Message types (OF1.3.5 §7.1). */
enum ofp_type {
    OFPT_HELLO = 0,
    OFPT_ERROR = 1,
    OFPT_ECHO_REQUEST = 2,
    OFPT_ECHO_REPLY = 3,
    OFPT_EXPERIMENTER = 4,
    OFPT_FEATURES_REQUEST = 5,
    OFPT_FEATURES_REPLY = 6,
    OFPT_GET_CONFIG_REQUEST = 7,
    OFPT_GET_CONFIG_REPLY = 8,
    OFPT_SET_CONFIG = 9,
    OFPT_PACKET_IN = 10,
    OFPT_FLOW_REMOVED = 11,
    OFPT_PORT_STATUS = 12,
    OFPT_PACKET_OUT = 13,
    OFPT_FLOW_MOD = 14,
    OFPT_GROUP_MOD = 15,
    OFPT_PORT_MOD = 16,
    OFPT_TABLE_MOD = 17,
    OFPT_MULTIPART_REQUEST = 18,
    OFPT_MULTIPART_REPLY = 19,
    OFPT_BARRIER_REQUEST = 20,
    OFPT_BARRIER_REPLY = 21,
    OFPT_QUEUE_GET_CONFIG_REQUEST = 22,
    OFPT_QUEUE_GET_CONFIG_REPLY = 23,
    OFPT_ROLE_REQUEST = 24,
    OFPT_ROLE_REPLY = 25,
    OFPT_GET_ASYNC_REQUEST = 26,
    OFPT_GET_ASYNC_REPLY = 27,
    OFPT_SET_ASYNC = 28,
    OFPT_METER_MOD = 29,
};
#define OFPT_N_TYPES 30

/* Multipart types (OF1.3.5 §7.3.5). */
enum ofp_multipart_type {
    OFPMP_DESC = 0,
    OFPMP_FLOW = 1,
    OFPMP_AGGREGATE = 2,
    OFPMP_TABLE = 3,
    OFPMP_PORT_STATS = 4,
    OFPMP_QUEUE = 5,
    OFPMP_GROUP = 6,
    OFPMP_GROUP_DESC = 7,
    OFPMP_GROUP_FEATURES = 8,
    OFPMP_METER = 9,
    OFPMP_METER_CONFIG = 10,
    OFPMP_METER_FEATURES = 11,
    OFPMP_TABLE_FEATURES = 12,
    OFPMP_PORT_DESC = 13,
    OFPMP_EXPERIMENTER = 0xffff,
};
#define OFPMP_N_TYPES 14

#define OFPMPF_REQ_MORE 1
#define OFPMPF_REPLY_MORE 1

/* HELLO elements. */
#define OFPHET_VERSIONBITMAP 1

/* Reserved ports. */
#define OFPP_MAX 0xffffff00u
#define OFPP_IN_PORT 0xfffffff8u
#define OFPP_TABLE 0xfffffff9u
#define OFPP_NORMAL 0xfffffffau
#define OFPP_FLOOD 0xfffffffbu
#define OFPP_ALL 0xfffffffcu
#define OFPP_CONTROLLER 0xfffffffdu
#define OFPP_LOCAL 0xfffffffeu
#define OFPP_ANY 0xffffffffu

/* Tables, groups, meters, queues, buffers. */
#define OFPTT_MAX 0xfe
#define OFPTT_ALL 0xff
#define OFPG_MAX 0xffffff00u
#define OFPG_ALL 0xfffffffcu
#define OFPG_ANY 0xffffffffu
#define OFPM_MAX 0xffff0000u
#define OFPM_SLOWPATH 0xfffffffdu
#define OFPM_CONTROLLER 0xfffffffeu
#define OFPM_ALL 0xffffffffu
#define OFPQ_ALL 0xffffffffu
#define OFP_NO_BUFFER 0xffffffffu

#define OFPCML_MAX 0xffe5
#define OFPCML_NO_BUFFER 0xffff
#define OFP_DEFAULT_MISS_SEND_LEN 128
#define OFP_DEFAULT_PRIORITY 0x8000
#define OFP_FLOW_PERMANENT 0

#define OFP_MAX_PORT_NAME_LEN 16
#define OFP_MAX_TABLE_NAME_LEN 32
#define DESC_STR_LEN 256
#define SERIAL_NUM_LEN 32
#define OFP_ETH_ALEN 6

#define OFPVID_PRESENT 0x1000
#define OFPVID_NONE 0x0000

/* Switch capabilities (features reply). */
#define OFPC_FLOW_STATS (1u << 0)
#define OFPC_TABLE_STATS (1u << 1)
#define OFPC_PORT_STATS (1u << 2)
#define OFPC_GROUP_STATS (1u << 3)
#define OFPC_IP_REASM (1u << 5)
#define OFPC_QUEUE_STATS (1u << 6)
#define OFPC_PORT_BLOCKED (1u << 8)

/* Switch config flags. */
#define OFPC_FRAG_NORMAL 0
#define OFPC_FRAG_DROP 1
#define OFPC_FRAG_REASM 2
#define OFPC_FRAG_MASK 3

/* Table config. */
#define OFPTC_DEPRECATED_MASK 3

/* Port config, state, features. */
#define OFPPC_PORT_DOWN (1u << 0)
#define OFPPC_NO_RECV (1u << 2)
#define OFPPC_NO_FWD (1u << 5)
#define OFPPC_NO_PACKET_IN (1u << 6)
#define OFPPS_LINK_DOWN (1u << 0)
#define OFPPS_BLOCKED (1u << 1)
#define OFPPS_LIVE (1u << 2)
#define OFPPF_10MB_HD (1u << 0)
#define OFPPF_10MB_FD (1u << 1)
#define OFPPF_100MB_HD (1u << 2)
#define OFPPF_100MB_FD (1u << 3)
#define OFPPF_1GB_HD (1u << 4)
#define OFPPF_1GB_FD (1u << 5)
#define OFPPF_10GB_FD (1u << 6)
#define OFPPF_40GB_FD (1u << 7)
#define OFPPF_100GB_FD (1u << 8)
#define OFPPF_1TB_FD (1u << 9)
#define OFPPF_OTHER (1u << 10)
#define OFPPF_COPPER (1u << 11)
#define OFPPF_FIBER (1u << 12)
#define OFPPF_AUTONEG (1u << 13)
#define OFPPF_PAUSE (1u << 14)
#define OFPPF_PAUSE_ASYM (1u << 15)

enum ofp_port_reason {
    OFPPR_ADD = 0,
    OFPPR_DELETE = 1,
    OFPPR_MODIFY = 2,
};

/* Flow mod. */
enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4,
};
#define OFPFF_SEND_FLOW_REM (1u << 0)
#define OFPFF_CHECK_OVERLAP (1u << 1)
#define OFPFF_RESET_COUNTS (1u << 2)
#define OFPFF_NO_PKT_COUNTS (1u << 3)
#define OFPFF_NO_BYT_COUNTS (1u << 4)
#define OFPFF_ALL 0x1f

enum ofp_flow_removed_reason {
    OFPRR_IDLE_TIMEOUT = 0,
    OFPRR_HARD_TIMEOUT = 1,
    OFPRR_DELETE = 2,
    OFPRR_GROUP_DELETE = 3,
};

enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0,
    OFPR_ACTION = 1,
    OFPR_INVALID_TTL = 2,
};

/* Match types. */
#define OFPMT_STANDARD 0
#define OFPMT_OXM 1

/* OXM classes. */
#define OFPXMC_NXM_0 0x0000
#define OFPXMC_NXM_1 0x0001
#define OFPXMC_OPENFLOW_BASIC 0x8000
#define OFPXMC_EXPERIMENTER 0xffff

#define OFPIEH_NONEXT (1u << 0)
#define OFPIEH_ESP (1u << 1)
#define OFPIEH_AUTH (1u << 2)
#define OFPIEH_DEST (1u << 3)
#define OFPIEH_FRAG (1u << 4)
#define OFPIEH_ROUTER (1u << 5)
#define OFPIEH_HOP (1u << 6)
#define OFPIEH_UNREP (1u << 7)
#define OFPIEH_UNSEQ (1u << 8)

/* Actions. */
enum ofp_action_type {
    OFPAT_OUTPUT = 0,
    OFPAT_COPY_TTL_OUT = 11,
    OFPAT_COPY_TTL_IN = 12,
    OFPAT_SET_MPLS_TTL = 15,
    OFPAT_DEC_MPLS_TTL = 16,
    OFPAT_PUSH_VLAN = 17,
    OFPAT_POP_VLAN = 18,
    OFPAT_PUSH_MPLS = 19,
    OFPAT_POP_MPLS = 20,
    OFPAT_SET_QUEUE = 21,
    OFPAT_GROUP = 22,
    OFPAT_SET_NW_TTL = 23,
    OFPAT_DEC_NW_TTL = 24,
    OFPAT_SET_FIELD = 25,
    OFPAT_PUSH_PBB = 26,
    OFPAT_POP_PBB = 27,
    OFPAT_EXPERIMENTER = 0xffff,
};

/* Instructions. */
enum ofp_instruction_type {
    OFPIT_GOTO_TABLE = 1,
    OFPIT_WRITE_METADATA = 2,
    OFPIT_WRITE_ACTIONS = 3,
    OFPIT_APPLY_ACTIONS = 4,
    OFPIT_CLEAR_ACTIONS = 5,
    OFPIT_METER = 6,
    OFPIT_EXPERIMENTER = 0xffff,
};

/* Groups. */
enum ofp_group_mod_command {
    OFPGC_ADD = 0,
    OFPGC_MODIFY = 1,
    OFPGC_DELETE = 2,
};
enum ofp_group_type {
    OFPGT_ALL = 0,
    OFPGT_SELECT = 1,
    OFPGT_INDIRECT = 2,
    OFPGT_FF = 3,
};
#define OFPGFC_SELECT_WEIGHT (1u << 0)
#define OFPGFC_SELECT_LIVENESS (1u << 1)
#define OFPGFC_CHAINING (1u << 2)
#define OFPGFC_CHAINING_CHECKS (1u << 3)

/* Meters. */
enum ofp_meter_mod_command {
    OFPMC_ADD = 0,
    OFPMC_MODIFY = 1,
    OFPMC_DELETE = 2,
};
#define OFPMF_KBPS (1u << 0)
#define OFPMF_PKTPS (1u << 1)
#define OFPMF_BURST (1u << 2)
#define OFPMF_STATS (1u << 3)
enum ofp_meter_band_type {
    OFPMBT_DROP = 1,
    OFPMBT_DSCP_REMARK = 2,
    OFPMBT_EXPERIMENTER = 0xffff,
};

/* Table features properties. */
enum ofp_table_feature_prop_type {
    OFPTFPT_INSTRUCTIONS = 0,
    OFPTFPT_INSTRUCTIONS_MISS = 1,
    OFPTFPT_NEXT_TABLES = 2,
    OFPTFPT_NEXT_TABLES_MISS = 3,
    OFPTFPT_WRITE_ACTIONS = 4,
    OFPTFPT_WRITE_ACTIONS_MISS = 5,
    OFPTFPT_APPLY_ACTIONS = 6,
    OFPTFPT_APPLY_ACTIONS_MISS = 7,
    OFPTFPT_MATCH = 8,
    OFPTFPT_WILDCARDS = 10,
    OFPTFPT_WRITE_SETFIELD = 12,
    OFPTFPT_WRITE_SETFIELD_MISS = 13,
    OFPTFPT_APPLY_SETFIELD = 14,
    OFPTFPT_APPLY_SETFIELD_MISS = 15,
    OFPTFPT_EXPERIMENTER = 0xfffe,
    OFPTFPT_EXPERIMENTER_MISS = 0xffff,
};

/* Queue properties. */
enum ofp_queue_properties {
    OFPQT_MIN_RATE = 1,
    OFPQT_MAX_RATE = 2,
    OFPQT_EXPERIMENTER = 0xffff,
};

/* Roles. */
enum ofp_controller_role {
    OFPCR_ROLE_NOCHANGE = 0,
    OFPCR_ROLE_EQUAL = 1,
    OFPCR_ROLE_MASTER = 2,
    OFPCR_ROLE_SLAVE = 3,
};

/* Error types (the codes are in errors.def). */
enum ofp_error_type {
    OFPET_HELLO_FAILED = 0,
    OFPET_BAD_REQUEST = 1,
    OFPET_BAD_ACTION = 2,
    OFPET_BAD_INSTRUCTION = 3,
    OFPET_BAD_MATCH = 4,
    OFPET_FLOW_MOD_FAILED = 5,
    OFPET_GROUP_MOD_FAILED = 6,
    OFPET_PORT_MOD_FAILED = 7,
    OFPET_TABLE_MOD_FAILED = 8,
    OFPET_QUEUE_OP_FAILED = 9,
    OFPET_SWITCH_CONFIG_FAILED = 10,
    OFPET_ROLE_REQUEST_FAILED = 11,
    OFPET_METER_MOD_FAILED = 12,
    OFPET_TABLE_FEATURES_FAILED = 13,
    OFPET_EXPERIMENTER = 0xffff,
};

/* The ONF experimenter id (ONF extensions to 1.3). */
#define ONF_EXPERIMENTER_ID 0x4f4e4600u
/* Nicira (Open vSwitch) experimenter id. */
#define NX_EXPERIMENTER_ID 0x00002320u

#endif /* ofp13/ofp.h */
